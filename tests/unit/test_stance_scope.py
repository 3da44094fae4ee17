"""Which words decide a statement's topic and stance, on short texts with the real model."""

from __future__ import annotations

import pytest
import spacy

from ingest.extraction.morphology import form_table
from ingest.extraction.stance import StanceScorer, _children, _spine
from ingest.extraction.topics import TopicAssigner
from ingest.gazetteer.lookup import load_topics
from ingest.settings import load_settings


def _one(doc, cue):
    return next(s for s in doc._.statements if s["cue"] == cue)


def test_an_action_term_is_wanted_unless_turned_round(process):
    doc = process("Putin said Russia wants to end the war. Peskov said Moscow would not end the war on those terms.")
    assert _one(doc, "said")["topic_id"] == "ceasefire_negotiations"
    first, second = doc._.statements
    assert first["stance"] == "support"  # "end the war" names the topic, it does not oppose it
    assert second["stance"] == "oppose"


def test_another_clause_topic_is_not_this_statements_topic(process):
    doc = process("Zelensky called for maximum sanctions against Russia and said there would be no point "
                  "to the forum if aggression was allowed to prevail.")
    called = _one(doc, "called for")
    said = _one(doc, "said")
    assert called["topic_id"] == "sanctions"
    assert said["topic_id"] == "unassigned"  # the sanctions belong to the other statement


def test_main_clause_words_come_before_side_clause_words(process):
    doc = process("Asked about the peacekeeping mission, Peskov said the countries that support Kyiv would never agree.")
    st = _one(doc, "said")
    assert st["topic_id"] == "peacekeeping_force"
    assert st["stance"] == "oppose"  # "would never agree", not "support" in the relative clause


def test_negated_subject_on_the_main_clause_opposes(process):
    doc = process('"Let me be clear: no American troops will be deployed to Ukraine as peacekeepers," Hegseth said.')
    st = _one(doc, "said")
    assert st["topic_id"] == "peacekeeping_force"
    assert st["stance"] == "oppose"


def test_spine_keeps_main_clause_words_only():
    # [start, end, lemma, lower, dep, head, tag] for "Officials who support it said no troops would go"
    parse = [
        [0, 9, "official", "officials", "nsubj", 4, "NNS"],
        [10, 13, "who", "who", "nsubj", 2, "WP"],
        [14, 21, "support", "support", "relcl", 0, "VBP"],
        [22, 24, "it", "it", "dobj", 2, "PRP"],
        [25, 29, "say", "said", "ROOT", -1, "VBD"],
        [30, 32, "no", "no", "det", 6, "DT"],
        [33, 39, "troop", "troops", "nsubj", 8, "NNS"],
        [40, 45, "would", "would", "aux", 8, "MD"],
        [46, 48, "go", "go", "ccomp", 4, "VB"],
    ]
    words = [parse[n][3] for n in _spine(parse, _children(parse), 48)]
    assert words == ["said", "no", "would", "go"]


def test_energy_yields_to_the_policy_applied_to_it():
    topics = load_topics(load_settings().seeds_dir)
    energy = next(t for t in topics if t.topic_id == "energy")
    assert set(energy.yields_to) == {"sanctions", "ceasefire_negotiations"}
    ids = {t.topic_id for t in topics}
    assert all(set(t.yields_to) <= ids for t in topics)  # every id named exists
    assigner = TopicAssigner(topics, {"content": 2.0}, 0.5)
    scores = assigner.scores({"content": "sanctions should be extended to russian liquefied natural gas"})
    assert scores["energy"] > scores["sanctions"]  # on term counts alone, energy would win
    assert assigner.best({"content": "sanctions should be extended to russian liquefied natural gas"}) == "sanctions"
    assert assigner.best({"content": "gas supplies to europe would be cut next winter"}) == "energy"
    assert assigner.best({"content": "a 30-day halt to strikes on energy infrastructure"}) == "ceasefire_negotiations"



def test_alleging_a_war_crime_supports_accountability(process):
    doc = process("Kyiv says Russian forces murdered the prisoners. Moscow denied that its troops had committed war crimes.")
    says, denied = doc._.statements
    assert says["topic_id"] == denied["topic_id"] == "war_crimes"
    assert says["stance"] == "support"  # naming the crime is the allegation (setting assertion_topics)
    assert denied["stance"] == "oppose"


def test_match_terms_ignore_hyphens_and_line_breaks():
    topics = load_topics(load_settings().seeds_dir)
    assigner = TopicAssigner(topics, {"content": 2.0}, 0.5)
    assert assigner.best({"content": "how to carry out the price-cap plan"}) == "sanctions"
    assert assigner.best({"content": "the oil price\ncap was agreed"}) == "sanctions"
    assert assigner.best({"content": "a ceasefire was agreed"}) == assigner.best({"content": "a cease fire was agreed"})
    assert assigner.best({"content": "the price of the cap"}) is None


def test_excluded_phrases_do_not_select_a_topic():
    topics = load_topics(load_settings().seeds_dir)
    assigner = TopicAssigner(topics, {"content": 2.0}, 0.5)
    assert assigner.best({"content": "russia has no intent to use nuclear weapons in ukraine"}) is None
    assert assigner.best({"content": "more weapons for ukraine"}) == "military_aid"


def test_the_paragraph_before_gives_the_topic_of_an_anaphoric_statement(process):
    before = "The EU adopted a new sanctions package against Moscow on Friday.\n\n"
    doc = process(before + "\u201cRussia will certainly respond to such hostile actions,\u201d Patrushev said.")
    [st] = doc._.statements
    assert st["topic_id"] == "sanctions"
    # weaker than the statement's own paragraph: one short term there is not enough on its own
    weak = process("Some of the restrictions were sanctions.\n\n\u201cRussia will respond,\u201d Patrushev said.")
    assert weak._.statements[0]["topic_id"] == "unassigned"


def test_accusing_someone_of_war_crimes_is_for_accountability(process):
    accused = _one(process("Ukraine's foreign minister, Dmytro Kuleba, accused Russia of war crimes in Bucha."), "accused")
    denied = _one(process("Russia's foreign ministry denied that its troops had committed war crimes in Bucha."), "denied")
    assert accused["topic_id"] == denied["topic_id"] == "war_crimes"
    assert accused["stance"] == "support"
    assert denied["stance"] == "oppose"


def test_announcing_a_measure_takes_it_unless_the_content_turns_against_it(process):
    weapons = _one(process("President Biden announced an additional $1 billion in weapons for Ukraine."), "announced")
    cut = _one(process("Gazprom announced it was cutting gas deliveries through the Nord Stream 1 pipeline."), "announced")
    assert (weapons["topic_id"], weapons["stance"]) == ("military_aid", "support")
    assert (cut["topic_id"], cut["stance"]) == ("energy", "oppose")  # "cutting" is read as "cut"


def test_what_another_actor_does_is_reported_not_a_stance(process):
    reported = _one(process("Ukraine's defence ministry spokesman Oleksandr Motuzianyk said Russian forces were attacking "
                            "railway stations to stop western weapons deliveries."), "said")
    demanded = _one(process("Zelensky said Germany must stop blocking weapons deliveries."), "said")
    assert reported["topic_id"] == demanded["topic_id"] == "military_aid"
    assert reported["stance"] == "neutral"  # Russia stops the deliveries; the spokesman does not oppose them
    assert demanded["stance"] == "support"  # "must" makes it a demand
    # what another actor wants is that actor's stance, not the speaker's
    assert _one(process("Trump said Russia wants to end the war."), "said")["stance"] == "neutral"


def test_the_topic_term_itself_takes_no_side(process):
    st = _one(process("Finland's foreign minister said sanctions on Russia were discussed at length."), "said")
    assert st["topic_id"] == "sanctions"
    assert st["stance"] == "neutral"  # "sanction" is a polarity word elsewhere, not when it names the topic


def test_inflected_forms_of_target_words_have_their_lemma():
    table = form_table()
    assert table["cutting"] == "cut" and table["reduced"] == "reduce" and table["prevents"] == "prevent"


def test_asking_for_a_measure_is_a_request_and_asking_whether_is_not(process):
    request = _one(process("Zelensky asked members of Congress for more weapons."), "asked")
    assert (request["topic_id"], request["stance"]) == ("military_aid", "support")
    # a question put to someone is not a request: scored directly, as the extractor rarely reports one
    text = "Reporters asked Peskov whether Russia wanted weapons."
    doc = spacy.blank("en")(text)
    content = text.index("whether")
    statement = {"cue_polarity": 0.0, "cue_lemma": "ask", "cue_start": 10, "cue_modal": None, "topic_id": "military_aid",
                 "content_start": content, "content_end": len(text) - 1, "content_text": text[content:-1],
                 "sentence_start": 0, "sentence_end": len(text)}
    scorer = StanceScorer(0.15, 0.5, 0.8, {"military_aid": ["weapons"]})
    assert scorer.score(doc, statement, text)["stance"] == "neutral"
    asked_for = dict(statement, content_start=text.index("Peskov"), content_text="Peskov for weapons")
    assert scorer.score(doc, asked_for, text)["stance"] == "support"


def test_a_complement_on_the_path_counts_once(process):
    st = _one(process("The ministry said the ban was a response to western sanctions."), "said")
    assert (st["topic_id"], st["stance"]) == ("sanctions", "oppose")  # not flipped back by "was … response"


def test_whether_a_measure_works_is_a_side_on_it(process):
    working = _one(process("Yellen said the sanctions are working."), "said")
    failed = _one(process("Orban said the sanctions did not work."), "said")
    assert (working["stance"], failed["stance"]) == ("support", "oppose")


def test_prepositional_predicates_say_whether_a_measure_is_pursued(process):
    doc = process("Rome said sending Italian troops to Ukraine was not on the table. "
                  "Paris said sending French troops to Ukraine was on the table. "
                  "Warsaw said the deployment of Polish peacekeepers was out of the question.")
    assert [s["topic_id"] for s in doc._.statements] == ["peacekeeping_force"] * 3
    assert [s["stance"] for s in doc._.statements] == ["oppose", "support", "oppose"]


def test_plans_and_intentions_are_a_side_and_no_intention_the_other(process):
    doc = process("Zelensky said Kyiv had no intention of signing a peace deal on those terms. "
                  "The Pentagon said it planned to send more weapons to Ukraine.")
    first, second = doc._.statements
    assert (first["topic_id"], first["stance"]) == ("ceasefire_negotiations", "oppose")
    assert (second["topic_id"], second["stance"]) == ("military_aid", "support")


def test_a_negation_that_does_not_bear_on_the_measure_takes_no_side(process):
    doc = process("Zelensky said the peace talks would not be easy. "
                  "The mayor said evacuations of civilians were not possible because of the shelling.")
    first, second = doc._.statements
    assert first["topic_id"] == "ceasefire_negotiations" and second["topic_id"] == "humanitarian"
    assert first["stance"] == second["stance"] == "neutral"


def test_station_is_a_side_only_as_a_verb(process):
    doc = process("Macron said a reassurance force could be stationed in Ukraine. "
                  "Habeck said queues at gas stations were growing.")
    first, second = doc._.statements
    assert (first["topic_id"], first["stance"]) == ("peacekeeping_force", "support")
    assert second["topic_id"] == "energy" and second["stance"] != "support"


def test_nouns_and_prepositions_off_the_main_clauses_take_no_side(process):
    doc = process("New sanctions hit Russian carmakers this spring. The industry ministry expected car sales to halve "
                  "as the industry grappled with supply issues. The EU agreed a new sanctions package on Friday. "
                  "The minister said the companies had been warned against trading with the banks.")
    expected = next(s for s in doc._.statements if s["cue"] == "expected")
    said = next(s for s in doc._.statements if s["cue"] == "said")
    assert expected["topic_id"] == said["topic_id"] == "sanctions"
    assert expected["stance"] == "neutral"  # "supply issues" names a thing, it backs nothing
    assert said["stance"] == "neutral"  # "warned against trading": a preposition off the main clause


def test_main_clause_predicates_decide_without_the_topic_term(process):
    doc = process("Europe debated a reassurance force for Ukraine on Monday. Rome said sending Italian soldiers was "
                  "not on the table. Moscow said it would not tolerate Western soldiers in Ukraine.")
    assert [s["topic_id"] for s in doc._.statements] == ["peacekeeping_force"] * 2
    assert [s["stance"] for s in doc._.statements] == ["oppose", "oppose"]


def test_conditional_participation_is_conditional_support(process):
    doc = process("Erdogan said Turkey's participation in a peacekeeping force would depend on a settlement.")
    said = _one(doc, "said")
    assert said["topic_id"] == "peacekeeping_force"
    assert said["stance"] == "support" and said["is_conditional"]
    assert 0 < said["stance_score"] < 0.8  # weaker than an outright commitment


@pytest.mark.parametrize("text, cue, topic, stance", [
    # blaming the side the measures are aimed at is no stance on them
    ("Germany accused Moscow of waging a gas war over energy supplies.", "accused", "energy", "neutral"),
    # blaming the provider opposes the provision
    ("Russia accused the White House of supplying weapons to Kyiv.", "accused", "military_aid", "oppose"),
    # framing providers as combatants opposes the measure
    ("The ministry said Washington was directly involved in the conflict by supplying weapons.", "said", "military_aid", "oppose"),
    ("Zakharova said a peacekeeping force would be a legitimate target.", "said", None, "oppose"),
])
def test_blame_and_escalation_framing(process, text, cue, topic, stance):
    statement = _one(process(text), cue)
    if topic is not None:
        assert statement["topic_id"] == topic
    assert statement["stance"] == stance


def test_a_warning_about_what_may_happen_takes_no_side(process):
    doc = process("Russia cut gas deliveries to Germany again. Müller warned of difficult months ahead.")
    warned = _one(doc, "warned")
    assert warned["topic_id"] == "energy"  # from the context, not named in the warning
    assert warned["stance"] == "neutral"


def test_a_military_contingent_is_no_condition(process):
    doc = process("Lavrov said any foreign contingent on Ukrainian soil would be treated as a party to the conflict.")
    said = _one(doc, "said")
    assert not said["is_conditional"]
    assert said["stance"] == "oppose"
    doc = process("Fidan said a peace settlement would be contingent on a ceasefire.")
    assert _one(doc, "said")["is_conditional"]


@pytest.mark.parametrize("text, cue, stance", [
    # doing one's part backs the measure; a past part is a report
    ("Fidan said Turkey would do its part in any peacekeeping force.", "said", "support"),
    ("The ministry said its special forces took part in the peacekeeping mission.", "said", "neutral"),
    # a warning against a measure opposes it once: its own "against" does not turn it round
    ("Moscow warned Helsinki against joining NATO.", "warned", "oppose"),
    ("Moscow warned against new sanctions.", "warned", "oppose"),
    # a present "have to" reads like "must"; a past one reports
    ("Scholz said: We have to prepare for a full disruption of Russian gas.", "said", "support"),
    ("The minister said the gas pipeline had to be inspected last year.", "said", "neutral"),
    # without a topic only a decided cue takes a side
    ("The mayor warned that the summer would be hot.", "warned", "neutral"),
    ("The mayor hoped to open the new bridge.", "hoped", "neutral"),
    ("Moscow denied the report about the bridge.", "denied", "oppose"),
    ("Erdogan warned Sweden against a further provocation.", "warned", "oppose"),
])
def test_stance_of_one_statement(process, text, cue, stance):
    assert _one(process(text), cue)["stance"] == stance
