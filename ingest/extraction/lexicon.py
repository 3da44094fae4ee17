"""Word lists the extraction components use: speech and stance cues, polarity, hedges, conditions.

Kept in one module so that analysts and developers can read and extend them in one place.
"""

from __future__ import annotations

# Verbs (lemmas) that attribute speech or a stance to their subject, with the stance the verb itself
# carries towards its object or complement (+1 support, -1 oppose, 0 neutral reporting).
SPEECH_CUES: dict[str, float] = {
    "say": 0.0, "tell": 0.0, "state": 0.0, "announce": 0.0, "add": 0.0, "note": 0.0, "explain": 0.0,
    "indicate": 0.0, "report": 0.0, "claim": 0.0, "insist": 0.0, "argue": 0.0, "declare": 0.0,
    "confirm": 0.0, "stress": 0.0, "emphasise": 0.0, "emphasize": 0.0, "reiterate": 0.0,
    "suggest": 0.0, "write": 0.0, "tweet": 0.0, "post": 0.0, "remark": 0.0, "comment": 0.0,
    "acknowledge": 0.0, "admit": 0.0, "predict": 0.0, "signal": 0.0, "describe": 0.0, "ask": 0.0,
    "respond": 0.0, "reply": 0.0, "answer": 0.0, "deny": -0.6, "assert": 0.0, "observe": 0.0,
    "mention": 0.0, "disclose": 0.0, "reveal": 0.0, "recall": 0.0, "estimate": 0.0, "believe": 0.0,
    "think": 0.0, "expect": 0.0, "hope": 0.4, "vow": 0.5, "promise": 0.6, "pledge": 0.7,
    "warn": -0.4, "threaten": -0.6, "caution": -0.3, "accuse": -0.6, "criticise": -0.7,
    "criticize": -0.7, "condemn": -0.8, "denounce": -0.8, "dismiss": -0.7, "reject": -0.9,
    "oppose": -0.9, "refuse": -0.8, "object": -0.7, "decline": -0.5, "rule": 0.0, "veto": -0.9,
    "support": 0.8, "back": 0.8, "endorse": 0.8, "welcome": 0.7, "praise": 0.6, "urge": 0.6,
    "call": 0.0, "demand": 0.5, "propose": 0.5, "offer": 0.6, "agree": 0.6, "approve": 0.8,
    "favour": 0.7, "favor": 0.7, "commit": 0.7, "consider": 0.3, "weigh": 0.2, "mull": 0.2,
    "discuss": 0.0, "question": -0.4, "doubt": -0.4, "voice": 0.0, "express": 0.0,
    "accept": 0.6, "credit": 0.6, "maintain": 0.0, "conclude": 0.0, "affirm": 0.0, "reaffirm": 0.0, "contend": 0.0, "allege": 0.0,
    "concede": 0.0, "assure": 0.0, "outline": 0.0, "complain": -0.4, "lament": -0.4,
    "stated": 0.0, "signalled": 0.0, "repeat": 0.0, "quote": 0.0, "plead": 0.5, "appeal": 0.5, "defend": 0.6,
}

# Cue lemmas that only attribute speech when they carry a clause or an object (not "back" in "came back").
NEEDS_OBJECT = {"accept", "credit", "affirm", "reaffirm", "assure", "outline", "complain", "back", "call", "rule", "express", "voice", "add", "note", "post", "write", "ask", "answer", "describe", "discuss", "question", "state", "report", "signal", "think", "expect", "believe", "hope", "consider", "weigh", "offer", "commit", "defend", "object", "decline", "refuse"}

# Cue lemmas that only attribute speech with a clause ("maintained that ...", not "maintained relations").
NEEDS_CLAUSE = {"maintain", "conclude", "contend"}

# Multi-word cues matched on lemmas, with their polarity.
PHRASE_CUES: dict[tuple[str, ...], float] = {
    ("rule", "out"): -0.9,
    ("weigh", "in"): 0.0,
    ("back", "up"): 0.8,
    ("make", "clear"): 0.0,
    ("make", "declaration"): 0.0,
    ("make", "statement"): 0.0,
    ("make", "claim"): 0.0,
    ("make", "remark"): 0.0,
    ("make", "comment"): 0.0,
    ("issue", "statement"): 0.0,
    ("issue", "warning"): -0.4,
    ("call", "for"): 0.6,
    ("call", "on"): 0.5,
    ("speak", "out", "against"): -0.8,
    ("push", "back"): -0.6,
    ("push", "for"): 0.6,
    ("come", "out", "against"): -0.8,
    ("come", "out", "in", "favour"): 0.8,
    ("express", "support"): 0.8,
    ("voice", "support"): 0.8,
    ("express", "opposition"): -0.8,
    ("voice", "opposition"): -0.8,
    ("express", "concern"): -0.4,
    ("voice", "concern"): -0.4,
    ("express", "doubt"): -0.4,
    ("be", "open", "to"): 0.4,
    ("be", "ready", "to"): 0.7,
    ("be", "willing", "to"): 0.6,
    ("be", "prepared", "to"): 0.6,
    ("be", "against"): -0.8,
    ("be", "in", "favour"): 0.8,
    ("be", "in", "favor"): 0.8,
}

# Words in the content of a statement that carry polarity toward its topic.
SUPPORT_WORDS = {
    "support", "back", "welcome", "ready", "willing", "prepared", "favour", "favor", "endorse", "commit",
    "committed", "pledge", "send", "contribute", "join", "participate", "deploy", "provide", "approve",
    "help", "strengthen", "increase", "boost", "deliver", "supply", "lead", "guarantee", "necessary",
    "essential", "important", "must", "need", "continue", "step", "impose", "tighten", "extend",
    "agree", "accept", "backing", "sanction", "invite", "ensure", "secure", "protect", "tolerate",
}
OPPOSE_WORDS = {
    "oppose", "reject", "refuse", "unacceptable", "against", "condemn", "criticise", "criticize",
    "veto", "block", "dismiss", "deny", "never", "impossible", "mistake", "provocation", "threat",
    "dangerous", "escalation", "lift", "ease", "end", "withdraw", "halt", "stop", "suspend", "reckless",
    "illegal", "absurd", "rule", "exclude", "unrealistic", "inappropriate", "illegitimate", "harm", "prolong", "nonsense", "counterproductive", "premature", "unrealistic", "opposition",
}
# Prepositional predicates that say whether something is being pursued: "troops are not on the
# table", "an exchange is under discussion", "sending troops is out of the question". Keyed by the
# preposition and the lemma of its object.
PREDICATE_PHRASES: dict[tuple[str, str], float] = {
    ("on", "table"): 1.0, ("under", "discussion"): 1.0, ("under", "consideration"): 1.0, ("on", "agenda"): 1.0,
    ("off", "table"): -1.0, ("out", "question"): -1.0,
}

# Words that, on the dependency path from a topic term up through its clause, say whether the speaker
# wants more of the thing named ("impose sanctions", "weapons were effective") or less of it ("lift
# sanctions", "react harshly to sanctions"); an odd number of the second kind, or a negation, turns the
# stance ("lifting sanctions would be a mistake": lift × mistake → support).
TARGET_FAVOURING = {
    "support", "back", "welcome", "endorse", "impose", "tighten", "extend", "send", "deliver", "supply", "provide",
    "strengthen", "increase", "boost", "keep", "continue", "need", "want", "agree", "accept", "approve", "join",
    "deploy", "contribute", "help", "establish", "ensure", "guarantee", "protect", "secure", "allow", "resume",
    "effective", "important", "necessary", "essential", "powerful", "good", "promising", "ready", "willing",
    "prepared", "commit", "committed", "favour", "favor", "urge", "call", "demand", "expand", "step", "stay",
    "lead", "participate", "push", "right", "vital", "crucial", "key", "useful", "start", "begin", "launch", "open",
    "reach", "achieve", "implement", "work", "plan", "intend", "intention", "tolerate", "obey", "realistic",
}
# Favouring only as a verb: "troops stationed in Ukraine", not "gas stations".
TARGET_FAVOURING_VERBS = {"station"}

# "would do its part", "play a role", "take part": taking one's share is backing the measure
SHARE_VERBS = {"do", "play", "take"}
SHARE_OBJECTS = {"part", "role", "share"}

# "Ankara's participation would depend on a settlement": a part in the measure, on a condition
PARTICIPATION_NOUNS = {"participation", "involvement", "contribution", "presence", "deployment", "engagement"}
CONDITIONING_VERBS = {"depend", "hinge", "require", "rest"}
CONDITIONING_ADJECTIVES = {"conditional", "contingent", "dependent", "subject"}
TARGET_DISFAVOURING = {
    "oppose", "reject", "refuse", "block", "lift", "ease", "end", "halt", "stop", "suspend", "withdraw", "veto",
    "condemn", "criticise", "criticize", "dismiss", "harm", "undermine", "derail", "respond", "retaliate", "react",
    "violate", "unacceptable", "illegal", "illegitimate", "mistake", "threat", "dangerous", "provocation", "absurd",
    "nonsense", "ineffective", "useless", "hostile", "against", "cut", "reduce", "pause", "freeze", "abandon",
    "exclude", "rule", "premature", "unrealistic", "wrong", "bad", "fail", "impossible", "deny", "prevent", "avoid",
    "inadmissibility", "escalation", "counterproductive", "response", "retaliation", "revenge", "countermeasure", "opposition",
}
# Framing a measure as making its providers combatants: a stance against it where nothing else decides
ESCALATION_PHRASES = {"directly involved", "direct involvement", "direct participation", "a party to the conflict",
                      "a party to the war", "co-belligerent", "co-belligerents", "legitimate target", "legitimate targets"}
NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "without", "none", "nobody", "nothing"}

# Verbs by which the writer only infers a state of mind ("appears to believe"); a speech act that
# "appeared to confirm" something still happened.
INFERENCE_VERBS = {"appear", "seem"}
MENTAL_CUES = {"believe", "think", "expect", "hope"}

# Hedges soften a stance (support "with a lower score").
HEDGES = {"consider", "considering", "open", "may", "might", "could", "possibly", "perhaps", "explore",
          "weigh", "mull", "discuss", "examine", "study", "possible", "potentially", "likely", "tentatively"}

# Words that make a statement conditional, and phrases that state a precondition.
CONDITION_MARKERS = ("unless", "if", "provided that", "providing", "on condition", "as long as",
                     "only when", "only after", "only if", "until", "in case", "subject to", "depend on",
                     "depends on", "dependent on", "would depend", "be contingent on", "is contingent on", "are contingent on",
                     "was contingent on", "were contingent on", "must first", "first be",
                     "once a", "once the", "in the event", "as soon as")

# Modal or tense markers of a hypothetical or future statement.
HYPOTHETICAL_MARKERS = {"would", "could", "might", "will", "shall", "may", "'ll", "wo"}

# Speaker nouns that stand for an unnamed source.
UNNAMED_SOURCE_NOUNS = {"official", "officials", "source", "sources", "diplomat", "diplomats", "aide",
                        "aides", "spokesman", "spokeswoman", "spokesperson", "analyst", "analysts",
                        "observers", "insider", "insiders", "person", "people", "minister", "ministry",
                        "government", "administration", "adviser", "advisers", "advisor", "lawmaker",
                        "lawmakers", "envoy", "commander", "commanders", "officer", "officers"}

# Words of a named person's description that make them speak for the state or organisation it names
# ("Russia's deputy foreign minister Andrei Rudenko"); a nationality alone does not ("British historian
# Lawrence Freedman", "Russian journalist Andrei Medvedev"), nor a past or future one ("former", "who is
# expected to become Germany's next chancellor").
OFFICIAL_WORDS = {
    "official", "officials", "minister", "ministry", "spokesman", "spokeswoman", "spokesperson", "diplomat",
    "envoy", "ambassador", "president", "premier", "chancellor", "secretary", "governor", "mayor", "commander",
    "general", "officer", "adviser", "advisor", "aide", "lawmaker", "senator", "mp", "deputy", "chief", "head",
    "chairman", "chairwoman", "director", "negotiator", "prosecutor", "ombudsman", "representative",
    "commissioner", "admiral", "colonel", "lieutenant", "leader", "government", "military", "intelligence",
    "army", "parliament", "defence", "defense", "foreign", "administration", "cabinet", "embassy", "council",
}
NOT_CURRENT_OFFICE_WORDS = {"former", "ex", "then", "onetime", "retired", "next", "future", "incoming", "designate",
                            "elect", "become", "becoming", "candidate", "hopeful", "would", "who", "whose", "which"}

PRONOUNS = {"he", "she", "they", "it", "we", "i"}

# Nouns that report a statement when the speaker is named with "by"/"from" or a possessive:
# "claims by Russia", "denials from the Russian president", "Putin's response".
NOUN_CUES: dict[str, float] = {
    "claim": 0.0, "statement": 0.0, "denial": -0.6, "warning": -0.4, "accusation": -0.6, "demand": 0.5,
    "response": 0.0, "remark": 0.0, "comment": 0.0, "assertion": 0.0, "announcement": 0.0, "pledge": 0.7,
    "threat": -0.6, "promise": 0.6, "proposal": 0.5, "appeal": 0.5, "criticism": -0.7, "condemnation": -0.8,
    "rejection": -0.9, "endorsement": 0.8, "insistence": 0.0, "admission": 0.0, "suggestion": 0.0,
}

# Common nouns that can head a speaker ("officials said", "the ministry said", "lawmakers warned").
ACTOR_NOUNS = {
    "official", "source", "diplomat", "aide", "spokesman", "spokeswoman", "spokesperson", "analyst", "observer",
    "insider", "person", "people", "minister", "ministry", "government", "administration", "adviser", "advisor",
    "lawmaker", "envoy", "commander", "officer", "leader", "president", "premier", "chancellor", "secretary",
    "ambassador", "general", "army", "military", "authority", "authorities", "agency", "office", "embassy",
    "department", "cabinet", "presidency", "parliament", "senate", "congress", "council", "court", "committee",
    "commission", "alliance", "bloc", "union", "coalition", "country", "nation", "state", "capital", "media",
    "press", "newspaper", "broadcaster", "channel", "outlet", "blogger", "expert", "critic", "resident", "survivor",
    "witness", "party", "side", "group", "regiment", "unit", "force", "team", "delegation", "negotiator", "mp",
    "senator", "representative", "deputy", "mayor", "governor", "head", "chief", "director", "member", "staff",
    "prosecutor", "judge", "investigator", "organisation", "organization", "company", "firm", "bank", "institute",
    "researcher", "scientist", "economist", "activist", "campaigner", "monitor", "mission", "administration",
    "kremlin", "whitehouse", "pentagon", "duma", "bundestag", "nato", "un", "eu", "operator", "railway", "railways",
    "intelligence", "service", "watchdog", "regulator", "spokesmen", "separatist", "rebel", "fighter", "soldier", "troop", "veteran", "family", "relative", "mother", "father",
    "wife", "husband", "son", "daughter", "man", "woman", "citizen", "voter", "public", "leadership", "board",
    "ministers", "figure", "politician", "statesman", "king", "queen", "prince", "pope", "patriarch", "bishop",
}


# Cues that announce an intent rather than judge one: the stance is the direction of what is intended
# ("threatened to block the accession" → against the accession), whatever the cue's own polarity.
INTENT_CUES: frozenset[str] = frozenset({"threaten", "threat"})

WARNING_CUES: frozenset[str] = frozenset({"warn", "warning", "caution"})

# Cues that allege wrongdoing: on a topic where naming the crime is the allegation (`assertion_topics`
# of the stance component: war crimes), "accused Russia of a war crime" is for accountability, not against.
ACCUSING_CUES: frozenset[str] = frozenset({"accuse", "accusation", "allege", "condemn", "condemnation", "denounce",
                                           "criticise", "criticize", "criticism", "blame"})

# Cues by which an actor makes a measure public: announcing weapons, sanctions or an evacuation is
# providing them, so a topical announcement leans to support unless its content turns against the topic.
PROVISION_CUES: frozenset[str] = frozenset({"announce", "announcement", "unveil"})

# Modals that make another actor's action a demand ("the west must send more weapons") rather than a report.
DEONTIC_MODALS: frozenset[str] = frozenset({"should", "must", "ought", "need"})

# Cues that make a request when they do not ask a question: "asked Congress for more weapons",
# "asked allies to send air defence" (but not "asked whether …", "asked about …").
REQUEST_CUES: dict[str, float] = {"ask": 0.6}
QUESTION_OPENERS: frozenset[str] = frozenset({"whether", "if", "about", "what", "why", "how", "who", "when", "where", "which"})


# --- Speakers beyond the gazetteer (owned by the speakers work; general English, no domain phrases) ---
# Head nouns of an organisation named by a description ("the city council", "the network", "the Harris
# campaign"), grouped by the kind of organisation: a definite description ("the company said") only
# resolves to an earlier named organisation of no other kind (a name ending in "Council" is no company).
ORGANISATION_HEAD_CLASSES: dict[str, frozenset[str]] = {
    "media": frozenset({"network", "broadcaster", "channel", "newspaper", "paper", "station", "outlet", "magazine",
                        "website", "tabloid", "daily", "publication", "newsroom", "wire", "agency"}),
    "business": frozenset({"company", "firm", "corporation", "corp", "manufacturer", "maker", "carmaker", "automaker",
                           "carrier", "airline", "retailer", "bank", "insurer", "lender", "operator", "utility",
                           "conglomerate", "startup", "giant", "chain", "brand", "supplier", "developer", "publisher",
                           "studio", "label", "business", "group", "producer", "distributor", "exchange", "fund",
                           "owner", "employer", "contractor", "plc", "inc", "ltd", "llc"}),
    "legislature": frozenset({"council", "parliament", "senate", "congress", "assembly", "legislature", "chamber"}),
    "executive": frozenset({"ministry", "department", "government", "administration", "office", "cabinet", "bureau",
                            "directorate", "secretariat", "presidency", "embassy", "consulate", "mission", "authority",
                            "authorities", "commission", "committee", "board", "regulator", "watchdog", "inspectorate",
                            "service", "management", "leadership", "executive"}),
    "justice": frozenset({"court", "tribunal", "prosecutor", "prosecution", "police", "constabulary", "sheriff"}),
    "military": frozenset({"army", "navy", "military", "force", "forces", "guard", "command", "brigade", "regiment"}),
    "politics": frozenset({"campaign", "party", "coalition", "alliance", "movement", "caucus", "union", "bloc"}),
    "institution": frozenset({"university", "college", "school", "hospital", "clinic", "institute", "center", "centre",
                              "laboratory", "lab", "observatory", "museum", "library", "foundation", "charity",
                              "association", "federation", "organisation", "organization", "society", "church",
                              "diocese", "club", "league", "team", "trust", "council", "academy", "network"}),
}
ORGANISATION_HEADS: frozenset[str] = frozenset().union(*ORGANISATION_HEAD_CLASSES.values())

# Heads of a named or identifiable collective that speaks as one ("protesters said", "Democrats said"):
# a speaker of its own kind (`group:`), unlike loose collectives ("critics", "experts", "residents"),
# which stay unnamed sources.
GROUP_HEADS: frozenset[str] = frozenset({
    "protesters", "protestors", "demonstrators", "strikers", "rebels", "militants", "insurgents", "separatists",
    "marchers", "rioters", "hunger-strikers", "mutineers", "guerrillas", "militia", "militias",
})

# Heads of a loose collective or an unnamed person: a speaker without an actor of its own.
LOOSE_COLLECTIVE_HEADS: frozenset[str] = frozenset({
    "critics", "experts", "residents", "witnesses", "officials", "sources", "analysts", "observers", "scientists",
    "researchers", "economists", "doctors", "nurses", "teachers", "students", "workers", "employees", "voters",
    "supporters", "opponents", "families", "relatives", "victims", "survivors", "parents", "investors",
    "shareholders", "passengers", "villagers", "locals", "citizens", "consumers", "customers", "users", "fans",
    "activists", "campaigners", "lawmakers", "legislators", "leaders", "members", "volunteers", "organisers",
    "organizers", "farmers", "scholars", "historians", "lawyers", "attorneys", "prosecutors", "investigators",
    "authors", "writers", "journalists", "reporters", "commentators", "pundits", "advocates", "staff",
    "people", "others", "detectives", "firefighters",
    "rescuers", "engineers", "pilots", "soldiers", "troops", "officers", "agents", "diplomats", "ministers",
})

# Head nouns of a document or report that speaks in the text ("the report said", "a statement read",
# "the court filing says"): a speaker of the kind `document`, whose actor is its author when the same
# noun phrase names one ("a statement from the ministry", "the WHO report").
DOCUMENT_HEADS: frozenset[str] = frozenset({
    "report", "reports", "statement", "statements", "study", "studies", "survey", "filing", "filings", "document",
    "documents", "letter", "memo", "memorandum", "complaint", "lawsuit", "suit", "indictment", "ruling", "judgment",
    "judgement", "verdict", "release", "communique", "communiqué", "resolution", "declaration", "decree",
    "analysis", "assessment", "review", "audit", "poll", "petition", "affidavit", "motion", "testimony", "tweet",
    "tweets", "post", "video", "message", "notice", "bulletin", "advisory", "forecast", "findings", "research",
    "investigation", "inquiry", "email", "emails", "transcript", "summary", "editorial", "dossier", "papers",
    "announcement", "proclamation",
})
# Words before a name that make it a person's name, even when the model tags it as an organisation
# ("presidential candidate Brock Pierce").
PERSON_ROLE_WORDS: frozenset[str] = frozenset({
    "candidate", "nominee", "spokesman", "spokeswoman", "spokesperson", "president", "minister", "senator",
    "governor", "mayor", "chairman", "chairwoman", "director", "secretary", "lawmaker", "representative",
    "congressman", "congresswoman", "ambassador", "judge", "attorney", "lawyer", "professor", "dr", "dr.",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "activist", "actor", "actress", "singer", "author", "writer", "ceo",
    "chief", "executive", "founder", "coach", "player", "leader", "officer", "detective", "sheriff", "commissioner",
    "prosecutor", "economist", "analyst", "researcher", "scientist", "journalist", "reporter", "editor",
})
# Cue phrases that state a position by interest ("have shown interest in buying the aircraft").
INTEREST_CUES: dict[tuple[str, ...], float] = {
    ("show", "interest"): 0.5,
    ("express", "interest"): 0.5,
    ("voice", "interest"): 0.5,
    ("signal", "interest"): 0.5,
}
