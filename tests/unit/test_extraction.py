"""The registered spaCy components on short texts, with the real English model."""

from __future__ import annotations


def _by_speaker(doc):
    return {s["speaker_text"]: s for s in doc._.statements}


def test_pipeline_components_are_registered_in_order(nlp):
    names = nlp.pipe_names
    for component in ["stance_boilerplate", "stance_actors", "stance_attribution", "stance_speakers",
                      "stance_polarity", "stance_topics", "stance_dates"]:
        assert component in names
    assert names.index("stance_attribution") < names.index("stance_speakers") < names.index("stance_polarity")
    assert "parser" not in names  # only candidate sentences are parsed, inside stance_attribution


def test_official_speaks_for_state_with_condition_and_date(process):
    doc = process("Turkish Defense Minister Yasar Guler said on Feb. 20 that Ankara would not participate unless a ceasefire is agreed.")
    [st] = doc._.statements
    assert st["actor_id"] == "person:yasar-guler"
    assert st["represented_actor_id"] == "state:TUR"
    assert st["stance"] == "oppose"
    assert st["is_conditional"] is True and st["condition_text"].startswith("unless")
    assert (st["statement_date"], st["date_precision"], st["date_source"]) == ("2025-02-20", "day", "text")
    assert doc.text[st["speaker_start"]:st["speaker_end"]] == st["speaker_text"]
    assert doc.text[st["cue_start"]:st["cue_end"]] == "said"


def test_metonym_and_relative_month(process):
    doc = process("The Kremlin rejected the idea of European peacekeepers in Ukraine last month.")
    [st] = doc._.statements
    assert st["actor_id"] == "state:RUS"
    assert st["stance"] == "oppose"
    assert st["topic_id"] == "peacekeeping_force"


def test_negated_quote_and_pronoun_coreference(process):
    doc = process('"We will not send American troops to Ukraine," Hegseth told reporters. He added that Europe must take the lead.')
    first, second = doc._.statements
    assert first["actor_id"] == "person:pete-hegseth" and first["stance"] == "oppose"
    assert first["topic_id"] == "peacekeeping_force"
    assert first["content_text"].startswith("We will not send American troops")
    assert second["speaker_kind"] == "pronoun" and second["actor_id"] == "person:pete-hegseth"


def test_pronoun_stays_unresolved_when_two_people_could_be_meant(process):
    doc = process("Emmanuel Macron met Keir Starmer in London on Sunday. He said Europe had to do more.")
    [st] = doc._.statements
    assert st["speaker_kind"] == "pronoun"
    assert st["actor_id"] is None


def test_unnamed_source_keeps_affiliation_without_inventing_a_person(process):
    doc = process("A Turkish defense ministry official said the country is considering a role in a reassurance force.")
    [st] = doc._.statements
    assert st["speaker_kind"] == "unnamed_source"
    assert st["actor_id"] is None
    assert st["represented_actor_id"] == "state:TUR"
    assert st["stance"] == "support" and 0 < st["stance_score"] < 0.6  # hedged


def test_according_to_and_reporting_chain(process):
    doc = process("Russia will never accept NATO troops in Ukraine, according to Dmitry Peskov.\n"
                  "Turkey is open to contributing troops, Bloomberg reported, citing sources familiar with the matter.")
    speakers = _by_speaker(doc)
    assert speakers["Dmitry Peskov"]["cue"] == "according to"
    assert speakers["Dmitry Peskov"]["represented_actor_id"] == "state:RUS"
    # The outlet relays; the cited sources speak, for the state their content is about.
    sources = speakers["sources familiar with the matter"]
    assert sources["reported_via"] == "Bloomberg" and sources["stance"] == "support"
    assert sources["speaker_kind"] == "unnamed_source" and sources["actor_id"] is None
    assert sources["represented_actor_id"] == "state:TUR"
    assert "Bloomberg" not in speakers and "Turkey" not in speakers


def test_neutral_cue_without_a_topic_takes_no_side(process):
    doc = process("Dmitry Peskov said Moscow saw nothing particularly new in the remarks.")
    [st] = doc._.statements
    assert st["topic_id"] == "unassigned" and st["stance"] == "neutral"
    assert st["topic_key_phrase"]


def test_boilerplate_yields_no_statements(process):
    text = ("Leaders meet in London\n"
            "Photo: Erdogan speaks to reporters in Ankara / Reuters\n"
            "Anna Kowal is a correspondent based in Warsaw. She is fluent in Russian and spent a year at NEXTA.\n"
            "Read more: Macron says Europe must be ready\n"
            "Sign up for our newsletter to get the latest from Kyiv, our editors say.\n")
    doc = process(text, author="Anna Kowal")
    assert doc._.statements == []
    kinds = {b["kind"] for b in doc._.boilerplate}
    assert {"photo_caption", "author_bio", "related", "newsletter"} <= kinds
    assert all(m["in_boilerplate"] for m in doc._.actor_mentions if m["start"] > text.index("Photo"))


def test_role_phrase_resolves_at_publication_date(process):
    doc = process("The Turkish president said Turkey could help guarantee a ceasefire.", published="2025-02-27")
    [st] = doc._.statements
    assert st["actor_id"] == "person:recep-tayyip-erdogan"
    doc = process("Russia's defence minister said the exercise was over.", published="2023-01-10")
    [st] = doc._.statements
    assert st["actor_id"] == "person:sergei-shoigu"


def test_who_a_speaker_speaks_for(process):
    """The state or organisation a statement rolls up to: an office, not a nationality or a past office."""
    doc = process(
        "Russia's foreign ministry summoned the EU ambassador to Moscow, Markus Ederer, on Tuesday.\n"
        "Ederer said the transit ban was a sovereign decision.\n"
        "British historian Lawrence Freedman said the sanctions were working.\n"
        "Officials said Russia is cutting back its gas deliveries.\n"
        "Former British prime minister Theresa May said the alliance must stay united.\n"
        "European Commission President Ursula von der Leyen said new sanctions were ready.\n"
        "Treasury official Janet Yellen continued to push for a price cap on Russian oil, calling it a powerful tool.",
        published="2022-06-21")
    speakers = _by_speaker(doc)
    # the office the article gave the person at first mention carries to the bare name
    assert speakers["Ederer"]["represented_actor_id"] == "org:EU"
    # a nationality is not an office; a content's subject is not the speaker's side
    assert speakers["British historian Lawrence Freedman"]["represented_actor_id"] is None
    assert speakers["Officials"]["represented_actor_id"] is None
    assert speakers["Former British prime minister Theresa May"]["represented_actor_id"] is None
    # a role in the Commission speaks for the EU
    assert speakers["European Commission President Ursula von der Leyen"]["represented_actor_id"] == "org:EU"
    # the words between the speaker and a later cue are no apposition ("Russian oil" is not her side)
    assert speakers["Treasury official Janet Yellen"]["represented_actor_id"] is None


def test_a_known_person_between_offices_speaks_for_nobody(process):
    text = "Friedrich Merz, who is expected to become Germany's next chancellor, said Europe must do more."
    [before] = process(text, published="2025-03-19")._.statements
    assert before["actor_id"] == "person:friedrich-merz" and before["represented_actor_id"] is None
    [after] = process(text, published="2025-06-01")._.statements
    assert after["represented_actor_id"] == "state:DEU"


def test_separatist_leaders_and_pro_prefixes(process):
    doc = process("Denis Pushilin, the head of the self-proclaimed DPR, said the prisoners would not be swapped.\n"
                  "A pro-Russian separatist commander said the town had fallen.", published="2022-06-15")
    speakers = _by_speaker(doc)
    assert speakers["Denis Pushilin"]["represented_actor_id"] == "group:dpr"
    assert speakers["A pro-Russian separatist commander"]["represented_actor_id"] is None  # a position, not Russia


def test_pronoun_prefers_the_last_speaker_over_people_named_in_what_they_said(process):
    doc = process("Zelensky said Putin was preparing to reject the proposal. He urged allies to tighten sanctions.\n\n"
                  "Danish Prime Minister Mette Frederiksen took a different line. She said Denmark was open to sending troops.",
                  published="2025-03-14")
    [zelensky, he, she] = doc._.statements
    assert he["speaker_kind"] == "pronoun" and he["actor_id"] == "person:volodymyr-zelensky"
    # the person who opens the sentence before, when someone else spoke last
    assert she["actor_id"] == "person:mette-frederiksen" and she["represented_actor_id"] == "state:DNK"


def test_pronoun_stays_blank_when_the_subject_is_unclear(process):
    doc = process("Trump was noncommittal. He said the British could take care of themselves.\n\n"
                  "Russia's envoy said the talks were over. Trump met Macron in Washington. He said the talks had gone well.",
                  published="2025-03-14")
    [first, envoy, second] = doc._.statements
    assert first["actor_id"] == "person:donald-trump"  # the one person the sentence before opens with
    assert second["actor_id"] is None  # two people in the sentence before: either could be meant


def test_it_and_the_ministry_resolve_to_the_body_that_was_meant_or_stay_blank(process):
    doc = process("Russia's defence ministry claimed Washington was involved. \"This proves the US is at war in Ukraine,\" "
                  "the ministry said. The Biden administration has given $8bn to Ukraine. It said the claims were false.\n\n"
                  "The Polish government has also called for tougher sanctions.", published="2022-08-02")
    speakers = _by_speaker(doc)
    # the state whose ministry was named, not the last state before the pronoun
    assert speakers["the ministry"]["actor_id"] == "state:RUS"
    # another body named since the ministry spoke: "it" is not guessed
    assert speakers["It"]["actor_id"] is None
    # a body with its state named is the state, not the state's head of government
    assert speakers["The Polish government"]["actor_id"] == "state:POL"


def test_a_surname_before_the_full_name_is_the_same_person(process):
    doc = process("Mr. Kovalenko said the bridge was closed. Later, Oleh Kovalenko, a local official, said it had reopened.",
                  published="2022-08-02")
    ids = {m["actor_id"] for m in doc._.actor_mentions if "Kovalenko" in m["text"]}
    assert ids == {"person:oleh-kovalenko"}


def test_people_named_in_a_quotation_or_a_photo_credit_are_not_the_speaker(process):
    doc = process("The talks stalled on Monday. “Victor Petrenko knows nothing about the negotiations. We have no "
                  "information on the talks,” she said.\n\nPhotograph: Alfonso Jiménez/Rex/Shutterstock\n\n"
                  "He said the vote was rigged.", published="2022-08-02")
    assert [st["actor_id"] for st in doc._.statements] == [None, None]
    assert not [m for m in doc._.actor_mentions if "Shutterstock" in m["text"]]
