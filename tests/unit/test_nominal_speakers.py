"""Speakers beyond the gazetteer, on short texts with the real model: organisations named by a head noun,
groups, documents, definite descriptions, coordinated subjects and stated interest (issue 17, part 2)."""

from __future__ import annotations

import pytest


def _only(doc, cue: str) -> dict:
    found = [s for s in doc._.statements if s["cue"] == cue]
    assert len(found) == 1, [(s["speaker_text"], s["cue"]) for s in doc._.statements]
    return found[0]


def test_an_organisation_named_after_a_person_is_an_organisation(process):
    st = _only(process("The Harris campaign said Thursday that it had raised $50 million in a week."), "said")
    assert st["speaker_text"] == "The Harris campaign"
    assert (st["actor_id"], st["actor_type"], st["represented_actor_id"]) == ("org:harris-campaign", "organisation", "org:harris-campaign")
    assert st["statement_date"] == "2025-03-06" and st["date_source"] == "text"  # "Thursday" is the publication day


def test_a_city_council_is_never_a_person(process):
    doc = process("The Riverton city council said it would vote on the budget next month.")
    st = _only(doc, "said")
    assert st["actor_id"] == "org:riverton-city-council" and st["actor_type"] == "organisation"
    assert not any(m["actor_type"] == "person" for m in doc._.actor_mentions)


def test_the_management_of_a_broadcaster_named_earlier_speaks_for_it(process):
    doc = process("Al Jazeera aired the interview on Monday. In Paris, the management of the broadcaster said on "
                  "Friday that the channel would close.")
    st = _only(doc, "said")
    assert st["speaker_text"] == "the management of the broadcaster"
    assert st["actor_id"] == "org:al-jazeera"
    assert (st["statement_date"], st["date_precision"], st["date_text"]) == ("2025-02-28", "day", "on Friday")
    assert "In Paris" not in st["content_text"]


def test_a_definite_description_resolves_to_the_one_organisation_named_before(process):
    doc = process("Al Jazeera broadcast the footage on Monday. The network said the decision was politically motivated.")
    st = _only(doc, "said")
    assert (st["speaker_text"], st["speaker_kind"], st["actor_id"]) == ("The network", "nominal", "org:al-jazeera")
    assert st["content_text"] == "the decision was politically motivated"


def test_a_definite_description_stays_blank_when_two_organisations_could_be_meant(process):
    doc = process("Boeing and Airbus both delivered fewer planes. The company said it would appeal.")
    st = _only(doc, "said")
    assert st["speaker_text"] == "The company" and st["actor_id"] is None  # a blank, not a guess


def test_a_description_of_another_kind_does_not_take_the_name(process):
    doc = process("The Riverton City Council met on Monday. The company said the plan was unfair.")
    assert _only(doc, "said")["actor_id"] is None  # a council is no company


def test_police_named_with_their_city_are_the_antecedent_of_police(process):
    doc = process("El Paso police said the suspect was arrested. Police said three people had died.")
    first, second = doc._.statements
    assert first["actor_id"] == second["actor_id"] == "org:el-paso-police"


def test_a_named_group_with_a_modifier_speaks(process):
    st = _only(process("Democrats with access to internal polling said the race was tighter than public surveys showed."), "said")
    assert st["speaker_text"].startswith("Democrats")
    assert (st["actor_id"], st["actor_type"], st["represented_actor_id"]) == ("group:democrats", "group", None)
    assert st["content_text"] == "the race was tighter than public surveys showed"


def test_protesters_are_a_group_and_officials_an_unnamed_source(process):
    doc = process("Protesters said they would return every weekend. Health officials warned that cases were rising.")
    protesters = _only(doc, "said")
    assert (protesters["actor_id"], protesters["actor_type"]) == ("group:protesters", "group")
    officials = _only(doc, "warned")
    assert (officials["speaker_text"], officials["speaker_kind"], officials["actor_id"]) == ("Health officials", "unnamed_source", None)


@pytest.mark.parametrize("text, speaker", [
    ("The report said the company had ignored safety warnings.", "The report"),
    ("The court filing said the contract had been breached.", "The court filing"),
    ("A statement from the ministry said the visit was cancelled.", "A statement from the ministry"),
])
def test_documents_speak_as_their_own_kind(process, text, speaker):
    st = _only(process(text), "said")
    assert (st["speaker_text"], st["speaker_kind"], st["actor_id"]) == (speaker, "document", None)


def test_a_document_from_a_named_organisation_has_it_as_author(process):
    doc = process("Boeing delivered 40 planes in May. A statement from the company said deliveries would rise.")
    st = _only(doc, "said")
    assert (st["speaker_kind"], st["actor_id"], st["represented_actor_id"]) == ("document", "org:boeing", "org:boeing")


def test_coordinated_subjects_give_one_statement_per_conjunct(process):
    doc = process("Spain, Italy and several other members have voiced support for the proposal.")
    statements = [s for s in doc._.statements if s["cue"] == "voiced support"]
    assert [s["speaker_text"] for s in statements] == ["Spain", "Italy", "several other members"]
    assert [s["actor_id"] for s in statements] == ["state:ESP", "state:ITA", None]
    assert len({s["content_start"] for s in statements}) == 1 and len({s["speaker_start"] for s in statements}) == 3
    text = doc.text
    for s in statements:  # every offset points back to the text
        assert text[s["speaker_start"]:s["speaker_end"]] == s["speaker_text"]
        assert text[s["content_start"]:s["content_end"]] == s["content_text"]


def test_a_name_with_and_inside_it_is_one_speaker(process):
    doc = process("Procter & Gamble said profits rose. Bosnia and Herzegovina said it would apply.")
    assert len([s for s in doc._.statements if s["cue"] == "said"]) == 2


def test_shown_interest_in_doing_something_is_a_position(process):
    st = _only(process("Several countries have shown interest in buying the aircraft."), "shown interest")
    assert st["speaker_text"] == "Several countries"
    assert st["cue_polarity"] > 0 and "buying the aircraft" in st["content_text"]


def test_a_person_tagged_as_an_organisation_after_a_role_word_is_a_person(process):
    doc = process("The debate included presidential candidate Brock Pierce and presidential nominee Gloria La Riva. "
                  "La Riva said the banks were to blame.")
    st = _only(doc, "said")
    assert st["actor_id"] == "person:gloria-la-riva"
    pierce = next(m for m in doc._.actor_mentions if m["text"] == "Brock Pierce")
    assert pierce["actor_id"] == "person:brock-pierce" and pierce["actor_type"] == "person"
