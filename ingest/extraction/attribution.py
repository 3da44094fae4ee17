"""Component `stance_attribution`: who said what — speaker, cue and content spans of each statement.

Only sentences that can hold a statement (a cue word, a quote mark or "according to") outside page
boilerplate are parsed, each on its own, which is much cheaper than parsing whole documents.
Statements are written to ``doc._.statements`` as plain dicts with character offsets into the text.
Resolving the speaker to an actor is left to `stance_speakers`; stance, topic and date to the
components after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ENT_IOB
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.extraction.extensions import register_extensions
from ingest.extraction.morphology import coarse_pos, lemma_of
from ingest.extraction.lexicon import (
    ACTOR_NOUNS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
    INFERENCE_VERBS,
    INTEREST_CUES,
    LOOSE_COLLECTIVE_HEADS,
    MENTAL_CUES,
    NEEDS_CLAUSE,
    NEEDS_OBJECT,
    NOUN_CUES,
    ORGANISATION_HEADS,
    PHRASE_CUES,
    SPEECH_CUES,
)
from ingest.extraction.quotes import quote_regions, region_at

CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "obj", "attr", "acomp", "oprd", "dative", "advcl", "parataxis")
PRIMARY_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "obj", "attr", "acomp", "oprd")
MEDIA_OUTLETS = {"bloomberg", "reuters", "tass", "ria", "ria novosti", "interfax", "afp", "ap", "the associated press",
                 "associated press", "cnn", "bbc", "the new york times", "the washington post", "the guardian",
                 "politico", "axios", "the wall street journal", "the financial times", "anadolu", "ukrinform",
                 "the times", "der spiegel", "le monde", "nbc news", "cbs news", "abc news", "fox news", "sky news"}
CONTENT_PREPS = {"for", "against", "on", "to", "about", "over", "of", "with", "in", "as"}
SPEAKER_TRIM_DEPS = {"relcl", "appos", "acl", "punct", "cc", "conj", "advcl", "parataxis", "prep"}
# Cue phrases matched on lemmas: the general ones and the positions stated by interest ("shown interest in").
ALL_PHRASE_CUES = {**PHRASE_CUES, **INTEREST_CUES}
# Nouns that can head a speaker beyond people and institutions: organisations, collectives, documents.
SPEAKER_HEADS = ACTOR_NOUNS | ORGANISATION_HEADS | GROUP_HEADS | LOOSE_COLLECTIVE_HEADS | DOCUMENT_HEADS
BE_CUE_ADJECTIVES = {"open": 0.4, "ready": 0.7, "willing": 0.6, "prepared": 0.6, "against": -0.8, "opposed": -0.8, "keen": 0.6, "eager": 0.6, "reluctant": -0.4, "unwilling": -0.7}


class Attributor:
    def __init__(self, parser, parse_only_candidates: bool, batch_size: int, max_sentence_chars: int) -> None:
        self.parser = parser
        self.parse_only_candidates = parse_only_candidates
        self.batch_size = batch_size
        self.max_sentence_chars = max_sentence_chars
        self.cue_words = set(SPEECH_CUES) | {words[0] for words in ALL_PHRASE_CUES} | set(NOUN_CUES)

    def actor_like(self, head: Token) -> bool:
        """A speaker is a name, a pronoun, a noun for people or institutions, or an actor mention."""
        pos = coarse_pos(head)
        if pos in {"PROPN", "PRON"}:
            return True
        if head.lower_ in QUANTITY_HEADS:  # "a number of Russian officials"
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            target = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if target is not None and self.actor_like(target):
                return True
        word = head.lower_
        singular = word[:-3] + "y" if word.endswith("ies") else (word[:-1] if word.endswith("s") else word)
        if word in SPEAKER_HEADS or singular in SPEAKER_HEADS:
            return True
        start = self.base_offset + head.idx
        return any(m["start"] <= start < m["end"] for m in self.mentions)

    def conjuncts(self, subject: Token) -> list[Token]:
        """The other speakers coordinated with a subject ("Spain, Italy and several other members"), each
        actor-like; none when the coordination is one name ("Procter & Gamble", "Bosnia and Herzegovina")."""
        found: list[Token] = []
        pending = [subject]
        while pending:
            token = pending.pop()
            for child in token.children:
                if child.dep_ == "conj" and coarse_pos(child) in {"NOUN", "PROPN", "PRON"}:
                    found.append(child)
                    pending.append(child)
        start = self.base_offset + subject.idx
        kept = []
        for conjunct in sorted(found, key=lambda t: t.i):
            at = self.base_offset + conjunct.idx
            if any(m["start"] <= start < m["end"] and m["start"] <= at < m["end"] for m in self.mentions):
                return []  # one name with "and" inside it
            if conjunct.lower_ in {"i", "we", "you"} or not self.actor_like(conjunct):
                continue
            kept.append(conjunct)
        return kept

    # -- which sentences to look at -------------------------------------------------------------
    def is_candidate(self, sent: Span) -> bool:
        if len(sent.text) > self.max_sentence_chars:
            return False
        boiler = sum(1 for t in sent if t._.is_boilerplate)
        if boiler * 2 > len(sent):
            return False
        for token in sent:
            if lemma_of(token) in self.cue_words or token.lower_ in self.cue_words:
                return True
            if token.text in {'"', "“", "”"} or token.lower_ == "according":
                return True
        return False

    def parsed_sentences(self, doc: Doc) -> Iterable[tuple[Span, Doc | Span]]:
        candidates = [sent for sent in doc.sents if self.is_candidate(sent)]
        if not self.parse_only_candidates:
            return [(sent, sent) for sent in candidates]
        sent_docs = _sentence_docs(doc, candidates)
        parsed = list(self.parser.pipe(sent_docs, batch_size=self.batch_size)) if sent_docs else []
        return list(zip(candidates, parsed))

    # -- the statements in one parsed sentence --------------------------------------------------
    def statements(self, doc: Doc) -> list[dict]:
        self.text = doc.text
        self.mentions = doc._.actor_mentions or []
        regions = quote_regions(self.text)
        found: list[dict] = []
        for sent, parsed in self.parsed_sentences(doc):
            base = sent.start_char - (parsed.start_char if isinstance(parsed, Span) else 0)
            for statement in self.sentence_statements(parsed, base, sent, regions):
                found.append(statement)
        return _drop_overlaps(found)

    def sentence_statements(self, parsed, base: int, sent: Span, regions) -> Iterable[dict]:
        self.base_offset = base
        tokens = list(parsed)
        claimed: set[int] = set()
        for token in tokens:
            if token.i in claimed:
                continue
            if token.lower_ == "according" and token.i + 1 < len(parsed.doc) and parsed.doc[token.i + 1].lower_ == "to":
                statement = self.according_to(token, base, sent)
                if statement:
                    yield statement
                continue
            if coarse_pos(token) == "NOUN" and lemma_of(token) in NOUN_CUES:
                statement = self.noun_statement(token, base, sent, regions)
                if statement:
                    claimed.add(token.i)
                    yield statement
                continue
            cue = self.cue(token)
            if cue is None:
                continue
            cue_tokens, polarity = cue
            if region_at(regions, base + token.idx) is not None:
                continue  # a cue inside a quote is part of what someone else said
            top = token
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head  # "X called for ... and said ...": coordinated cues are statements of their own
            outer = [anc for anc in top.ancestors
                     if self.cue(anc) is not None and _subject(anc) is not None and _in_content_of(anc, top)]
            subject_of_outer = None
            if token.tag_ == "VBG" and lemma_of(token) in {"cite", "quote"}:
                continue  # ", quoting officials": the relay of someone else's statement, handled with its cue
            if token.tag_ == "VBG" and token.dep_ in {"advcl", "conj"}:
                fronted_speech = token.i < token.head.i and lemma_of(token) in PURE_SPEECH and any(c.dep_ == "ccomp" for c in token.children)
                if token.i < token.head.i and not fronted_speech:
                    continue  # "Writing in a newspaper, X argued": the main verb carries the statement
                # ("Noting that history was at a turning point, X said ..." is a statement of its own)
                reporting = next((anc for anc in token.head.ancestors if self.cue(anc) is not None
                                  and _subject(anc) is not None and _in_content_of(anc, token.head)), None)
                if reporting is not None:
                    # "Lavrov said Russia may seek more territory, calling it a buffer": the reporter's words
                    subject_of_outer = _subject(reporting)
                outer = []  # ", saying ...", ", accusing ...": a statement of its own by the same speaker
            if any(c.dep_ in {"parataxis", "advcl"} and lemma_of(c) in PURE_SPEECH and c.i > token.i
                   and any(g.dep_ == "nsubj" for g in c.children) for c in token.children):
                continue  # "Germany, he said, would not discuss ...": the parenthetical "he said" attributes it
            relay = None
            if outer:
                if not _is_media(_speaker_tokens(_subject(outer[0]))):
                    inner = _subject(token)
                    if inner is None or coarse_pos(inner) not in {"PROPN", "NOUN"} or lemma_of(token) not in NESTED_SPEECH:
                        continue  # nested in the content of another cue in this sentence ("he said he would ...")
                    # "Erdoğan's office said the president had emphasised ...": a reported speech act of its own,
                    # relayed by the outer speaker
                if any(lemma_of(c) in {"cite", "quote"} for c in outer[0].children):
                    continue  # "X would ..., Bloomberg reported, quoting officials": the officials' statement
                relay = outer[0]
            subject = subject_of_outer or _subject(token)
            if subject is None or subject.dep_ == "nsubjpass":
                continue  # "is expected to": a passive cue names no speaker
            if SPEECH_CUES.get(lemma_of(token), 1) == 0 and len(cue_tokens) == 1 and any(c.dep_ == "neg" for c in token.children):
                continue  # "has not said", "has not commented": nothing was said
            subject = _past_dateline(subject)
            if _not_a_report(token, subject, sent):
                continue
            if not self.actor_like(subject):
                continue  # "reason to believe", "the plan is ready": not someone speaking
            speaker_tokens = _speaker_tokens(subject)
            citing_child = any(lemma_of(c) in {"cite", "quote"} for c in token.children)
            if _is_media(speaker_tokens) and not citing_child and any(
                self.cue(d) is not None and _subject(d) is not None and d.i != token.i for d in token.subtree
            ):
                continue  # "X said ..., Reuters reported": the statement is X's, relayed by the outlet
            content = self.content(token, cue_tokens, base, sent, regions, speaker_tokens)
            if content is None:
                continue
            reported_via = None
            citing = next((c for c in token.children if lemma_of(c) in {"cite", "quote"} and c.dep_ in {"advcl", "xcomp", "conj", "dobj", "npadvmod"}), None)
            if citing is not None and _is_media(speaker_tokens):
                cited = next((c for c in citing.children if c.dep_ in {"dobj", "obj"}), None)
                if cited is not None:
                    reported_via = (base + speaker_tokens[0].idx, base + speaker_tokens[-1].idx + len(speaker_tokens[-1]))
                    speaker_tokens = _speaker_tokens(cited)
            if relay is not None and reported_via is None:
                relay_tokens = _speaker_tokens(_subject(relay))
                reported_via = (base + relay_tokens[0].idx, base + relay_tokens[-1].idx + len(relay_tokens[-1]))
            claimed.update(t.i for t in cue_tokens)
            yield self.make_statement(sent, base, speaker_tokens, cue_tokens, polarity, content, reported_via, relay)
            if speaker_tokens[0].i <= subject.i <= speaker_tokens[-1].i:
                # "Spain, Italy and several other members have voiced support": one statement per conjunct
                for conjunct in self.conjuncts(subject):
                    yield self.make_statement(sent, base, _speaker_tokens(conjunct), cue_tokens, polarity, content, reported_via, relay)

    def cue(self, token: Token) -> tuple[list[Token], float] | None:
        lemma = lemma_of(token)
        children = list(token.children)
        if lemma == "be" or coarse_pos(token) == "AUX":
            for child in children:
                if child.dep_ in {"acomp", "prep", "attr"} and child.lower_ in BE_CUE_ADJECTIVES:
                    return [token, child], BE_CUE_ADJECTIVES[child.lower_]
            return None
        if coarse_pos(token) not in {"VERB"}:
            return None
        for words, polarity in ALL_PHRASE_CUES.items():
            if words[0] != lemma or len(words) < 2:
                continue
            rest = [c for c in children if lemma_of(c) in words[1:] and c.dep_ in {"prt", "prep", "dobj", "obj", "advmod", "acomp", "oprd"}]
            if len(rest) >= 1 and {lemma_of(c) for c in rest} >= set(words[1:2]):
                return [token, *rest], polarity
        if lemma not in SPEECH_CUES:
            return None
        parenthetical = token.dep_ == "parataxis" and lemma in PURE_SPEECH  # "…, he added, …"
        if any(c.dep_ == "prt" for c in children):
            return None  # another phrasal verb than the cue ("called off plans", "backed down"); cue phrases matched above
        if lemma == "ask" and any(c.dep_ == "xcomp" and any(g.dep_ == "auxpass" for g in c.children) for c in children):
            return None  # "officials who asked not to be named"
        if lemma == "decline" and any(c.dep_ == "xcomp" and lemma_of(c) not in {"rule", "exclude"} for c in children):
            return None  # "declined to comment", "declined to join": saying nothing, or doing something ("declined to rule out" stays)
        if lemma in NEEDS_CLAUSE and not any(c.dep_ == "ccomp" for c in children):
            return None  # "maintained working relations", "concluded his session"
        if lemma in NEEDS_OBJECT and not parenthetical and not any(c.dep_ in CONTENT_DEPS or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS) for c in children):
            return None
        return [token], SPEECH_CUES[lemma]

    def content(self, cue: Token, cue_tokens: list[Token], base: int, sent: Span, regions,
                speaker: list[Token]) -> tuple[int, int] | None:
        """What the cue reports: its clause or object, or the quotation that clause is part of.

        A quotation is the content when the cue's clause lies inside it ("“…,” she said") or the cue has
        no clause of its own; a quotation that lies elsewhere in the sentence belongs to another clause
        ("X announced …, accusing it of “spreading disinformation”"), and a short quotation inside the
        clause ("said the plans were “a provocation” and …") leaves the whole clause as the content.
        """
        sent_start, sent_end = sent.start_char, sent.end_char
        cue_at = base + cue.idx
        in_sentence = [(s0, e0) for s0, e0 in regions if s0 < sent_end and e0 > sent_start and not (s0 <= cue_at < e0)]
        syntactic = self.syntactic_content(cue, cue_tokens, base)
        tail = self.text[base + cue_tokens[-1].idx + len(cue_tokens[-1]):sent_end].strip()
        if syntactic is not None and not any(c.dep_ in {"ccomp", "xcomp"} for c in cue.children):
            # "“… more ammunition,” Kirby told reporters", "“…,” the ministry said in a statement": the
            # quotation is what was said; the object or phrase after the cue is its audience or setting
            closing = _closing_quote(cue, base, in_sentence)
            if closing is not None:
                return closing
            if self.only_setting(cue, syntactic, base):
                # "… for artillery, spokesman John Kirby told reporters": the clause before the speaker
                leading = _leading_clause(cue, cue_tokens, speaker, base)
                if leading is not None:
                    return leading
        if syntactic is not None:
            syn_start, syn_end = syntactic
            for start, end in in_sentence:
                if start < syn_end and end > syn_start:
                    # a quotation that opens inside the clause is part of it; a clause inside a quotation is the quotation
                    inside = start > syn_start and end <= syn_end + 2 and (end - start) < (syn_end - syn_start) * 0.6
                    return syntactic if inside else (start + 1, end - 1)
            if tail not in {":", ":“", ':"', ",", ""}:
                return syntactic
        elif in_sentence:
            start, end = in_sentence[0]
            return start + 1, end - 1
        if tail in {":", ":“", ':"', ",", ""}:
            for start, end in regions:
                if sent_end - 2 <= start <= sent_end + 3:
                    return start + 1, end - 1
        if syntactic is not None:
            return syntactic
        if cue.dep_ == "parataxis" and cue.head.i != cue.i:
            return self.parenthetical_content(cue, base)
        leading = _leading_clause(cue, cue_tokens, speaker, base)
        if leading is not None:
            return leading  # "Russia has renewed attacks …, the authorities said on Thursday."
        after = base + cue_tokens[-1].idx + len(cue_tokens[-1])
        rest = self.text[after:sent_end]
        stripped = rest.strip(" :,—–-\n\"“”.")
        if len(stripped) < 3:
            return None
        offset = rest.index(stripped[:1]) if stripped else 0
        return after + offset, after + offset + len(stripped)

    def syntactic_content(self, cue: Token, cue_tokens: list[Token], base: int) -> tuple[int, int] | None:
        primary, secondary = [], []
        clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
        for child in cue.children:
            if lemma_of(child) == "cite" or _is_time_phrase(child):
                continue
            if clause is not None and child.dep_ in {"dobj", "dative"} and child.i < clause.i and lemma_of(cue) in ADDRESSEE_VERBS:
                continue  # "told reporters the talks were over": the audience, not what was said
            edges = (child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
            if child.dep_ == "prep" and child.i < cue.i:
                continue  # "In a statement late on Friday, the ministry said ...": where it was said, not what
            if child.dep_ in PRIMARY_CONTENT_DEPS or (child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child not in cue_tokens):
                primary.append(edges)
            elif child.dep_ in CONTENT_DEPS:
                secondary.append(edges)
            if child in cue_tokens[1:]:
                for grand in child.children:
                    primary.append((grand.left_edge.idx, grand.right_edge.idx + len(grand.right_edge)))
        if lemma_of(cue) in FRAMING_SPEECH and any(c.dep_ in {"ccomp", "xcomp"} and c.i < cue.i for c in cue.children):
            # "Russia will not send troops, the Kremlin said in a statement": what was said stands before
            # the speaker; the audience or setting after the cue is not part of it
            primary = [s for s in primary if s[1] <= cue.idx] or primary
        spans = [s for s in (primary or secondary) if s[1] > s[0]]
        if not spans:
            return None
        start = min(s[0] for s in spans)
        end = max(s[1] for s in spans)
        for token in cue.doc[cue.i + 1:]:
            if token.idx >= end:
                break
            # "said Russia may seek more territory, calling it a buffer": the closing participle is the
            # reporter's own statement (see `statements`), not part of what is reported here
            if (start < token.idx and token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.i != cue.i
                    and token.i > token.head.i and lemma_of(token) in SPEECH_CUES
                    and token.nbor(-1).text == "," and token.head.i in {t.i for t in cue.subtree}):
                end = token.nbor(-1).idx
                break
        text = self.text[base + start:base + end]
        stripped = text.strip(" ,“”\"")
        if len(stripped) < 2:
            return None
        start += text.index(stripped[0])
        return base + start, base + start + len(stripped)

    def only_setting(self, cue: Token, content: tuple[int, int], base: int) -> bool:
        """Whether the syntactic `content` is only the audience or setting of a speech cue ("told
        reporters", "said in a statement") rather than what was said: it holds no verb and the cue
        reports speech."""
        if lemma_of(cue) not in FRAMING_SPEECH:
            return False
        return not _has_verb(t for t in cue.doc if content[0] <= base + t.idx < content[1])

    def parenthetical_content(self, cue: Token, base: int) -> tuple[int, int] | None:
        """"They amounted to 100 hours, he added, which …": the clause the parenthetical interrupts."""
        own = {t.i for t in cue.subtree}
        tokens = [t for t in cue.head.subtree if t.i not in own and not t.is_space]
        before = [t for t in tokens if t.i < cue.left_edge.i]
        after = [t for t in tokens if t.i > cue.right_edge.i]
        part = before if len(before) >= len(after) else after
        if before and after and cue.head in after and not any(t.tag_.startswith("VB") for t in before):
            part = before + after  # "The door to negotiations, the spokesman said, has never been closed"
        part = [t for t in part if not (t.is_punct and t.text in {",", "“", "”", '"', "—"})] or part
        if not part:
            return None
        start = base + part[0].idx
        end = base + part[-1].idx + len(part[-1])
        return (start, end) if end - start >= 3 else None

    def noun_statement(self, noun: Token, base: int, sent: Span, regions) -> dict | None:
        """Noun cues: "claims by Russia that ...", "denials from the Russian president", "Putin's response: ..."."""
        if region_at(regions, base + noun.idx) is not None:
            return None
        speaker = None
        for child in noun.children:
            if child.dep_ == "poss" and coarse_pos(child) in {"PROPN", "NOUN"}:
                speaker = child
            elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                speaker = next((g for g in child.children if g.dep_ == "pobj" and coarse_pos(g) in {"PROPN", "NOUN"}), None)
            if speaker is not None:
                break
        if speaker is None or any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            return None  # "no comment from Moscow" reports nothing
        content_children = [c for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"} or (c.dep_ == "prep" and c.lower_ in {"of", "on", "about", "against", "for", "to"})]
        if content_children:
            start = min(c.left_edge.idx for c in content_children)
            last = max((c.right_edge for c in content_children), key=lambda t: t.i)
            content = (base + start, base + last.idx + len(last))
        else:
            region = next(((s0, e0) for s0, e0 in regions if base + noun.idx < s0 <= base + noun.idx + len(noun) + 3), None)
            if region is None:
                return None
            content = (region[0] + 1, region[1] - 1)
        tokens = _speaker_tokens(speaker)
        return self.make_statement(sent, base, tokens, [noun], NOUN_CUES[lemma_of(noun)], content, None)

    def according_to(self, token: Token, base: int, sent: Span) -> dict | None:
        to = token.doc[token.i + 1]
        pobj = next((c for c in to.children if c.dep_ in {"pobj", "obj"}), None)
        if pobj is None:
            pobj = next((c for c in token.children if c.dep_ in {"pobj", "obj"}), None)
        if pobj is None:
            return None
        speaker_tokens = _speaker_tokens(pobj)
        phrase_start = base + token.idx
        phrase_end = base + max(pobj.right_edge.idx + len(pobj.right_edge), to.idx + len(to))
        text = self.text
        left = (sent.start_char, phrase_start)
        right = (phrase_end, sent.end_char)
        start, end = max([left, right], key=lambda r: len(text[r[0]:r[1]].strip(" ,.;:—")))
        segment = text[start:end]
        stripped = segment.strip(" ,.;:—\n")
        if len(stripped) < 3:
            return None
        start = start + segment.index(stripped[0])
        end = start + len(stripped)
        return self.make_statement(sent, base, speaker_tokens, [token, to], 0.0, (start, end), None)

    def make_statement(self, sent: Span, base: int, speaker_tokens: list[Token], cue_tokens: list[Token], polarity: float,
                       content: tuple[int, int], reported_via: tuple[int, int] | None, relay: Token | None = None) -> dict:
        text = self.text
        speaker_start = base + speaker_tokens[0].idx
        speaker_end = base + speaker_tokens[-1].idx + len(speaker_tokens[-1])
        cue_sorted = sorted(cue_tokens, key=lambda t: t.i)
        cue_start = base + cue_sorted[0].idx
        cue_end = base + cue_sorted[-1].idx + len(cue_sorted[-1])
        head = next((t for t in speaker_tokens if t.dep_ in {"nsubj", "nsubjpass", "pobj", "dobj", "obj"} or t.head not in speaker_tokens), speaker_tokens[-1])
        cue_neg = any(c.dep_ == "neg" for t in cue_tokens for c in t.children)
        content_parse = _content_parse(speaker_tokens[0].doc, base, content)
        cue_date = _cue_date(cue_tokens, base) or (_cue_date([relay], base) if relay is not None else None)
        if cue_date is None:
            cue_date = _sentence_date(cue_tokens, content, base, relay)
        modal = [c.lower_ for t in cue_tokens for c in t.children if c.dep_ == "aux" and c.tag_ == "MD"]
        determiner = next((c.lower_ for c in head.children if c.dep_ in {"det", "poss"} and c in speaker_tokens), None)
        return {
            "speaker_start": speaker_start,
            "speaker_end": speaker_end,
            "speaker_text": text[speaker_start:speaker_end],
            "speaker_det": determiner,
            "speaker_quantified": any(c.dep_ in {"nummod", "quantmod"} or c.lower_ in QUANTIFIERS for c in head.children if c in speaker_tokens),
            "speaker_owner": _speaker_owner(head, speaker_tokens, base),
            "speaker_head": head.lower_,
            "speaker_head_pos": coarse_pos(head),
            "speaker_plural": head.tag_ in {"NNS", "NNPS"} or head.lower_ == "they",
            "cue": text[cue_start:cue_end],
            "cue_lemma": " ".join(lemma_of(t) for t in cue_sorted),
            "cue_start": cue_start,
            "cue_end": cue_end,
            "cue_polarity": polarity,
            "cue_negated": cue_neg,
            "cue_modal": modal[0] if modal else None,
            "content_start": content[0],
            "content_end": content[1],
            "content_text": text[content[0]:content[1]],
            "sentence_start": sent.start_char,
            "sentence_end": sent.end_char,
            "evidence": sent.text,
            "reported_via": text[reported_via[0]:reported_via[1]] if reported_via else None,
            "cue_date": cue_date,
            "content_parse": content_parse,
        }


# Cues whose object before a clause is the audience ("told reporters that …", "assured allies that …").
ADDRESSEE_VERBS = {"tell", "assure", "inform", "remind", "warn", "promise", "notify", "brief"}
PURE_SPEECH = {"say", "tell", "add", "note", "state", "explain", "insist", "argue", "claim", "write"}
# speech cues whose content can stand before the speaker ("…, the ministry said in a statement")
FRAMING_SPEECH = PURE_SPEECH | {"tweet", "post", "announce", "confirm", "warn", "stress", "emphasise", "emphasize", "report", "reiterate"}
# Speech verbs whose own speaker, named inside another speaker's report, makes a statement of its own.
NESTED_SPEECH = PURE_SPEECH | {"ask", "emphasise", "emphasize", "stress", "announce", "confirm", "reiterate", "warn", "tell"}
# Cues that take "it" as a speaker ("it said", "it denies"), unlike "it would signal", "it is expected".
IT_CUES = PURE_SPEECH | {"deny", "warn", "accuse", "reject", "announce", "confirm", "stress", "report", "urge", "call", "demand"}
QUANTIFIERS = {"some", "many", "several", "few", "most", "all", "both", "other", "numerous", "various", "two", "three"}
QUANTITY_HEADS = {"number", "majority", "handful", "group", "few", "some", "many", "several", "most", "all", "both", "dozens", "hundreds"}


RELATIVE_REPORTING = PURE_SPEECH | {"describe", "call", "deny", "term", "label", "dismiss"}
SIDE_CLAUSE_MARKS = {"as", "while", "although", "though", "because", "whereas"}
TIME_CLAUSE_MARKS = {"when", "after", "before", "since"}
NESTING_DEPS = {"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "acomp", "prep", "pcomp", "pobj"}


SPEAKING_PARTICIPLES = {"speak", "write", "address", "talk", "tell", "say", "answer", "respond", "post", "tweet"}


def _not_a_report(cue: Token, subject: Token, sent: Span) -> bool:
    """Cue clauses that report no one's statement: a question in the reporter's (or interviewer's) own
    words ("What did Cheney say?"), a generic "you" ("what you think"), a state of mind the writer only
    infers ("appears to believe"), what someone declined to say, and a cue inside a whether/if clause
    ("whether Sweden would agree")."""
    if sent.text.rstrip().endswith("?"):
        return True
    if subject.lower_ == "you":
        return True
    if cue.dep_ == "xcomp" and (lemma_of(cue.head) == "decline"
                                or (lemma_of(cue.head) in INFERENCE_VERBS and lemma_of(cue) in MENTAL_CUES)):
        return True  # "declined to say whether"; "appears to believe" (but "appeared to confirm" was said)
    return any(c.dep_ == "mark" and c.lower_ in {"whether", "if", "unless"} for c in cue.children)


def _closing_quote(cue: Token, base: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation that closes just before the cue's clause ("“…,” Kirby told reporters"): the cue heads
    the sentence, and between the quotation's end and the cue there is no other verb (only the speaker).
    `regions`: quotation spans of the sentence."""
    cue_at = base + cue.idx
    as_clause = cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if cue.dep_ not in {"ROOT", "parataxis"} and not as_clause:
        # "an argument the government dismissed as a pretext": the cue of a side clause; but "“…,” as
        # Mr. Biden said in June" points back at the quotation
        return None
    for start, end in sorted(regions, reverse=True):
        if end > cue_at:
            continue
        between = [t for t in cue.doc if end <= base + t.idx < cue_at]
        if not _has_verb(between) and len(between) <= 12:
            return start + 1, end - 1
        return None
    return None


def _sentence_docs(doc: Doc, sents: list[Span]) -> list[Doc]:
    """Each sentence as a `Doc` of its own, with the document's tags, entities and tok2vec tensor.

    What `Span.as_doc` gives, without its cost per sentence: it turns the whole document into an
    array and lists the whole document's entities twice for every sentence; here both are made once.
    Only used on documents without a parse (the parser runs on the sentence documents).
    """
    if not sents:
        return []
    attrs = doc._get_array_attrs()
    array = doc.to_array(attrs)
    if doc.has_annotation("DEP"):  # a parsed document: let spaCy re-anchor heads outside the sentence
        return [sent.as_doc(array_head=attrs, array=array) for sent in sents]
    iob = attrs.index(ENT_IOB) if ENT_IOB in attrs else None
    entities = {(ent.start, ent.end) for ent in doc.ents}
    sent_docs = []
    for sent in sents:
        rows = array[sent.start:sent.end]
        if iob is not None and len(rows) and rows[0][iob] == 1:  # an entity begun before the sentence
            rows[0][iob] = 3
        sent_doc = Doc(doc.vocab, words=[t.text for t in sent], spaces=[bool(t.whitespace_) for t in sent])
        sent_doc.from_array(attrs, rows)
        ents = sent_doc.ents
        # an entity cut by the sentence boundary is left unannotated, as Span.as_doc does
        cut = {(e.start, e.end): e for e in (ents[:1] + ents[-1:]) if (e.start + sent.start, e.end + sent.start) not in entities}
        if cut:
            sent_doc.set_ents([], missing=list(cut.values()), default="unmodified")
        sent_doc.tensor = doc.tensor[sent.start:sent.end]
        sent_docs.append(sent_doc)
    return sent_docs


def _has_verb(tokens: Iterable[Token]) -> bool:
    """Whether any of `tokens` is a verb or a modal."""
    return any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in tokens)


def _has_finite_verb(tokens: Iterable[Token]) -> bool:
    """Whether any of `tokens` is a finite verb or a modal (a clause of its own, not a participle)."""
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tokens)


def _leading_clause(cue: Token, cue_tokens: list[Token], speaker: list[Token], base: int) -> tuple[int, int] | None:
    """The clause before an attribution that closes the sentence ("Russia has renewed attacks on the north,
    the Ukrainian authorities said on Thursday"; "… for artillery, spokesman John Kirby told reporters"),
    when the parser did not hang it on the cue: a speech cue heading the sentence (or coordinated with its
    first verb), its subject right after a comma, nothing but a setting after the cue, and a finite verb
    before the comma. `speaker`: the cue's speaker tokens."""
    if lemma_of(cue) not in FRAMING_SPEECH or cue.dep_ not in {"ROOT", "conj"} or speaker[0].i > cue.i:
        return None
    doc = cue.doc
    comma = speaker[0].i - 1
    if comma <= cue.sent.start or doc[comma].text != ",":
        return None
    if cue.dep_ == "conj" and not (cue.head.i < comma):
        return None
    if _has_verb(doc[cue_tokens[-1].i + 1:cue.sent.end]):
        return None
    before = [t for t in doc[cue.sent.start:comma] if not (t.is_punct or t.is_space)]
    if not _has_finite_verb(before):
        return None
    start = base + before[0].idx
    end = base + before[-1].idx + len(before[-1])
    return (start, end) if end - start >= 3 else None


def _content_parse(parsed: Doc, base: int, content: tuple[int, int]) -> list[list]:
    """The dependency parse of the content, for `stance_polarity` (which runs without a parser):
    per token [start, end, lemma, lower, dep, head position in this list or -1, tag]. Removed before loading."""
    tokens = [t for t in parsed if not t.is_space and base + t.idx >= content[0] and base + t.idx + len(t) <= content[1] + 1]
    position = {t.i: n for n, t in enumerate(tokens)}
    return [[base + t.idx, base + t.idx + len(t), lemma_of(t), t.lower_, t.dep_,
             position.get(t.head.i, -1) if t.head.i != t.i else -1, t.tag_] for t in tokens]


def _cue_date(cue_tokens: list[Token], base: int) -> list[int] | None:
    """Character span of a date expression attached to the cue ("said on Feb. 20", "said Wednesday",
    "On Tuesday, X said", "Speaking on Monday, X said"), or to the verb a coordinated or infinitive cue
    hangs on ("used a visit on Thursday to argue"). Dates elsewhere in the sentence are about other events."""
    cue = cue_tokens[0]
    owners = [cue]
    if cue.dep_ in {"xcomp", "conj"} and cue.head.i != cue.i:
        owners.append(cue.head)
    for owner in owners:
        for child in owner.children:
            if child.i == cue.i or (owner is not cue and child.i in {t.i for t in cue.subtree}):
                continue
            participle = child.dep_ == "advcl" and child.tag_ == "VBG" and lemma_of(child) in SPEAKING_PARTICIPLES
            if child.dep_ in {"dobj", "dative"}:  # "told CNN on Friday"
                child = next((g for g in child.children if g.dep_ == "prep" and g.lower_ == "on"), None)
                if child is None:
                    continue
            elif child.dep_ not in {"prep", "npadvmod", "tmod", "advmod", "obl"} and not participle:
                continue
            if child.dep_ == "prep" and child.lower_ not in {"on", "in", "at", "during"}:
                continue
            if participle or child.dep_ in {"npadvmod", "tmod", "obl"}:
                scope = list(child.subtree)  # "said this morning", "said Friday morning"
            else:
                scope = [child] + [t for g in child.children if g.dep_ in {"pobj", "npadvmod", "nummod"} for t in g.subtree]
            dated = [t for t in scope if _is_date_word(t)]
            if dated:
                first, last = dated[0], dated[-1]
                doc = first.doc
                if child.dep_ in {"npadvmod", "tmod", "obl"}:  # the one expression, not a later date in its phrase
                    last = first
                    while last.i + 1 < len(doc) and _is_date_word(doc[last.i + 1]):
                        last = doc[last.i + 1]
                if first.i > 0 and doc[first.i - 1].lower_ in {"on", "in", "earlier", "late", "early", "last"}:
                    first = doc[first.i - 1]
                return [base + first.idx, base + last.idx + len(last)]
    return None


def _is_date_word(token: Token) -> bool:
    """A word of a date or time-of-day expression ("on Sunday", "late last night", "this morning", "overnight")."""
    return token.ent_type_ in {"DATE", "TIME"} or token.lower_ in RELATIVE_DAY_WORDS


def _sentence_date(cue_tokens: list[Token], content: tuple[int, int], base: int, relay: Token | None) -> list[int] | None:
    """A day named elsewhere in the cue's sentence that still dates the cue, when the parser hung it on
    another word than the cue: on the speaker ("Officials on Sunday said"), on the "according to" phrase
    ("According to police on Sunday, …"), on a setting before the cue ("At a rally on Sunday, Trump said"),
    or on a relaying cue ("…, the agency reported on Tuesday"). Only a day (a weekday, "yesterday", "last
    night", a month and a day) reached through prepositional and noun phrases, outside what was said, never
    through another verb ("the minister, who arrived on Friday, said"). Character span or None."""
    cue = cue_tokens[0]
    doc = cue.doc
    subject = _subject(cue) if cue.lower_ != "according" else None
    owners = {t.i for t in cue_tokens} | ({relay.i} if relay is not None else set()) | ({subject.i} if subject is not None else set())
    sent = cue.sent
    for token in sent:
        if not _is_date_word(token) or content[0] <= base + token.idx < content[1]:
            continue
        current, hops = token, 0
        while current.i not in owners and hops <= 4 and current.head.i != current.i and current.dep_ in DATE_PHRASE_DEPS:
            current, hops = current.head, hops + 1
        if current.i not in owners:
            continue
        first = last = token
        while last.i + 1 < sent.end and _is_date_word(doc[last.i + 1]):
            last = doc[last.i + 1]
        while first.i - 1 >= sent.start and (_is_date_word(doc[first.i - 1]) or doc[first.i - 1].lower_ in DATE_LEAD_WORDS):
            first = doc[first.i - 1]
        words = {t.lower_ for t in doc[first.i:last.i + 1]}
        if content[0] <= base + last.idx < content[1] or not _names_a_day(words):
            continue
        return [base + first.idx, base + last.idx + len(last)]
    return None


# Dependency labels of the words between a date and the word it dates ("on Sunday" → prep, pobj).
DATE_PHRASE_DEPS = {"pobj", "prep", "npadvmod", "tmod", "compound", "nummod", "amod", "det", "obl", "advmod"}
WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
               "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}


def _names_a_day(words: set[str]) -> bool:
    """Whether a date expression names a day: a weekday, a day relative to publication, or a month and a day."""
    if words & (WEEKDAY_WORDS | RELATIVE_DAY_WORDS | {"night", "morning", "afternoon", "evening"}):
        return True
    return bool(words & MONTH_WORDS) and any(w.rstrip("stndrh").isdigit() and len(w) <= 4 for w in words)


# Words that are always a day relative to publication, whether or not the model tags them as dates.
RELATIVE_DAY_WORDS = {"yesterday", "today", "tonight", "overnight"}
# Words before a date expression that belong to it ("on Sunday", "late last night", "earlier today").
DATE_LEAD_WORDS = {"on", "in", "earlier", "late", "early", "last", "this"}


def _in_content_of(outer: Token, token: Token) -> bool:
    """Whether `token` lies in what `outer` reports (its clause or object), not in a side clause ("as X warned",
    "although Y said", "when he said") or a phrase before the cue ("In comments ..., X said")."""
    child = token
    while child.head.i != outer.i and child.head.i != child.i:
        if (child.dep_ == "relcl" and lemma_of(token) in RELATIVE_REPORTING
                and any(c.dep_ == "nsubj" and c.tag_ not in {"WP", "WDT"} for c in child.children)):
            return False  # "an idea that the Kremlin described as a threat": the relative clause is the narrator's
        if child.dep_ == "advcl":
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "advmod"}}
            if marks & SIDE_CLAUSE_MARKS or (marks & TIME_CLAUSE_MARKS and lemma_of(token) in PURE_SPEECH):
                return False  # "when he said ..." reports; "when he was ready" is part of the content
        child = child.head
    if child.head.i != outer.i or child.dep_ not in NESTING_DEPS:
        return False
    return not (child.dep_ == "prep" and child.i < outer.i)


def _past_dateline(subject: Token) -> Token:
    """"RIGA — Donald Trump said": the parser may take the dateline for the subject; the name is."""
    doc = subject.doc
    dash = next((t.i for t in doc[subject.i + 1:subject.i + 6] if t.text in {"—", "–", "--"}), None)
    if subject.text.isupper() and len(subject.text) > 2 and dash is not None and dash + 1 < len(doc) and dash < subject.head.i:
        token = doc[dash + 1]
        while token.i + 1 < len(doc) and token.dep_ == "det":
            token = doc[token.i + 1]  # "BERLIN — The Group of 7 agreed": the name, not its article
        while token.i + 1 < len(doc) and coarse_pos(doc[token.i + 1]) == "PROPN" and coarse_pos(token) == "PROPN":
            token = doc[token.i + 1]
        return token
    return subject


def _is_time_phrase(token: Token) -> bool:
    """A prepositional or noun phrase that only says when ("on Feb. 20", "last month")."""
    if token.ent_type_ in {"DATE", "TIME"}:
        return True
    if token.dep_ == "prep":
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)
    return token.dep_ == "npadvmod" and token.ent_type_ in {"DATE", "TIME"}


def _is_media(tokens: list[Token]) -> bool:
    text = " ".join(t.text for t in tokens).lower()
    return text in MEDIA_OUTLETS or text.removeprefix("the ") in MEDIA_OUTLETS


def _subject(token: Token) -> Token | None:
    current = token
    for _ in range(3):
        # "fighters who Moscow claims are terrorists": the named subject, not the relative pronoun
        children = sorted(current.children, key=lambda c: c.tag_ in {"WP", "WDT"})
        for child in children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                if child.tag_ == "WP" and current.dep_ == "relcl":
                    return None if child.dep_ == "nsubjpass" else current.head
                if child.lower_ in {"there", "this", "that", "which"}:
                    return None
                if child.lower_ in {"i", "we"}:
                    return None  # the writer's own voice; quoted first person is handled with the quote
                if child.lower_ == "it" and (lemma_of(token) not in IT_CUES or child.dep_ != "nsubj"):
                    return None  # "it is said", "it would be a mistake": no speaker
                return child
        participle = current.tag_ == "VBG" and current.dep_ in {"advcl", "xcomp", "conj"}
        purpose = (current.dep_ == "advcl" and current.tag_ == "VB" and (lemma_of(token) in PURE_SPEECH or SPEECH_CUES.get(lemma_of(token), 0))
                   and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children))  # "took to Telegram to demand"
        if (current.dep_ in {"conj", "xcomp"} or participle or purpose) and current.head.i != current.i:
            current = current.head
            continue
        if current.tag_ == "VBG" and current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.lower_ in {"by", "after", "before", "while"}:
            current = current.head.head  # "upped the rhetoric by threatening ...", "after accusing Russia of ..."
            continue
        if current.dep_ == "relcl":
            return current.head
        return None
    return None


def _speaker_tokens(head: Token) -> list[Token]:
    keep = [head]

    def walk(token: Token) -> None:
        for child in token.children:
            if token is head and child.dep_ == "appos" and child.i > head.i and coarse_pos(child) == "PROPN" and coarse_pos(head) != "PROPN":
                keep.append(child)  # "the Kremlin spokesperson, Dmitry Peskov, said": the name is the speaker
                walk(child)
                continue
            if child.i > head.i and child.dep_ in SPEAKER_TRIM_DEPS and not (child.dep_ == "prep" and child.lower_ in {"of", "for", "at", "in", "from", "with", "familiar"}):
                continue
            if child.dep_ in {"relcl", "appos", "punct", "acl"}:
                continue
            keep.append(child)
            walk(child)

    walk(head)
    keep.sort(key=lambda t: t.i)
    first, last = keep[0], keep[-1]
    tokens = [t for t in head.doc[first.i:last.i + 1]]
    # A dateline ("BRUSSELS — ") is not part of the speaker.
    dashes = [i for i, t in enumerate(tokens) if t.text in {"—", "–", "--"} and i < len(tokens) - 1 and tokens[i + 1].i <= head.i]
    if dashes:
        tokens = tokens[dashes[-1] + 1:]
    # "Russia has renewed attacks on the north, the Ukrainian authorities said": a clause the parser hung
    # on the speaker is what was said, not who said it
    commas = [i for i, t in enumerate(tokens) if t.text == "," and t.i < head.i and _has_finite_verb(tokens[:i])]
    if commas:
        tokens = tokens[commas[-1] + 1:]
    return tokens


def _speaker_owner(head: Token, speaker: list[Token], base: int) -> dict | None:
    """The noun phrase a speaker belongs to or comes from, for `stance_speakers`: the broadcaster in "the
    management of the broadcaster", the ministry in "a statement from the ministry", the company in "the
    company's statement". Its character span, head word and determiner; None when there is none."""
    inside = {t.i for t in speaker}
    owner = None
    for child in head.children:
        if child.i not in inside:
            continue
        if child.dep_ == "poss" and coarse_pos(child) in {"NOUN", "PROPN"}:
            owner = child
        elif child.dep_ == "prep" and child.lower_ in {"of", "from", "by"}:
            owner = next((g for g in child.children if g.dep_ == "pobj" and coarse_pos(g) in {"NOUN", "PROPN"}), None)
        if owner is not None:
            break
    if owner is None:
        return None
    tokens = [t for t in owner.subtree if t.i in inside and t.dep_ != "case"]
    tokens = [t for t in tokens if not (t.i > owner.i and t.dep_ in SPEAKER_TRIM_DEPS)] or [owner]
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    determiner = next((c.lower_ for c in owner.children if c.dep_ in {"det", "poss"}), None)
    return {"start": base + first.idx, "end": base + last.idx + len(last), "head": owner.lower_, "det": determiner}


def _drop_overlaps(statements: list[dict]) -> list[dict]:
    """One statement per cue; "X did Y, according to Z" is Z's statement only."""
    according = [s for s in statements if s["cue"].lower().startswith("according")]
    statements = [
        s for s in statements
        if s in according or not any(a["content_start"] <= s["cue_start"] < a["content_end"] for a in according)
    ]
    seen: set[tuple[int, int]] = set()
    kept = []
    for statement in sorted(statements, key=lambda s: (s["sentence_start"], s["cue_start"])):
        key = (statement["speaker_start"], statement["content_start"])
        if key in seen:
            continue
        seen.add(key)
        kept.append(statement)
    return kept


@Language.factory(
    "stance_attribution",
    default_config={"parse_only_candidates": True, "batch_size": 64, "max_sentence_chars": 1200},
)
def make_attribution(nlp: Language, name: str, parse_only_candidates: bool, batch_size: int, max_sentence_chars: int):
    register_extensions()
    parser = nlp.get_pipe("parser") if "parser" in nlp.component_names else None
    attributor = Attributor(parser, parse_only_candidates, batch_size, max_sentence_chars)

    def attribution(doc: Doc) -> Doc:
        doc._.statements = attributor.statements(doc)
        return doc

    return attribution
