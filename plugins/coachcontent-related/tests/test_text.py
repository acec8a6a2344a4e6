"""From HTML to words: tags, entities, code and stop words."""

from __future__ import annotations

import coachcontent_related as related


def test_extract_text_drops_markup_code_and_comments() -> None:
    html = (
        "<h2>Trust &amp; candour</h2><p>Build it<br>slowly&nbsp;&mdash;&#x20;daily.</p>"
        "<pre><code>def secret(): pass</code></pre><script>var hidden = 1</script>"
        "<!-- a comment --><style>p { color: red }</style>"
    )
    text = related.extract_text(html)
    assert related.tokens(text) == ["trust", "candour", "build", "it", "slowly", "daily"]


def test_words_lowercases_and_removes_stop_words_and_short_words() -> None:
    text = "The Coach’s QUESTIONS: why don't leaders ask 3 more? Self-awareness!"
    assert related.words(text) == ["coach", "questions", "leaders", "ask", "self", "awareness"]
    assert related.words(text, min_length=5) == ["coach", "questions", "leaders", "awareness"]


def test_stop_words_follow_the_language() -> None:
    german = "Die Führung wird nicht durch Titel bestimmt, sondern durch Vertrauen."
    assert related.words(german, language="de-CH") == ["führung", "titel", "bestimmt", "vertrauen"]
    french = "La confiance n'est pas une question de titre, mais de présence."
    assert related.words(french, language="fr") == ["confiance", "question", "titre", "présence"]
    spanish = "La confianza no es una cuestión de cargo, sino de presencia."
    assert related.words(spanish, language="es") == ["confianza", "cuestión", "cargo", "presencia"]
    # Languages without a list use English.
    assert related.stop_words("nl") == related.STOP_WORDS["en"]
    assert {"und", "der", "nicht"} <= related.stop_words("de")


def test_the_sites_language_chooses_the_stop_words() -> None:
    from related_testkit import post, site_of

    body = "<p>Sondern Vertrauen</p>"
    posts = [post("a", body=body, day=1), post("b", body=body, day=2)]
    german = site_of(posts, language="de", related={"threshold": 0.0})
    features = [c.feature for c in related.explain(german, posts[0], posts[1]).contributions]
    assert features == ["vertrauen"]
    english = site_of(posts, language="en", related={"threshold": 0.0})
    features = [c.feature for c in related.explain(english, posts[0], posts[1]).contributions]
    assert features == ["sondern", "vertrauen"]
