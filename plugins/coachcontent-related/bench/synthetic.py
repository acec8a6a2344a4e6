"""Synthetic sites for the related-posts benchmark: topics, a category tree, tags, prose.

Every post belongs to one hidden topic.  A topic has its own words, its own
tags and a leaf category; a post's 300 words mix its topic's words with
stop words and a Zipf-distributed background vocabulary that grows with
the site (Heaps' law), so the posts a reader would call related are those
of the same topic.  Pools grow with the
site: about 40 posts per topic, 4 topics per leaf category, 10 posts per
tag.  A post has three tags: one of its topic's, one of three general tags
(each on a third of all posts: the kind of tag that says little) and one
from anywhere.  1% of posts are drafts and 1% are dated in the future.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from coachcontent import Author, Post, Site, Taxonomy, Term

SYLLABLES = tuple(consonant + vowel for consonant in "bdfgklmnprstvz" for vowel in "aeiou")
STOP = (
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "for",
    "with",
    "as",
    "on",
    "it",
    "be",
    "at",
    "by",
    "this",
    "had",
    "not",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
)
GENERAL_TAGS = ("leadership", "news", "ideas")
WORDS_PER_POST = 300
START = datetime(2005, 1, 1, tzinfo=UTC)


def pseudo_word(number: int, syllables: int = 3) -> str:
    """A pronounceable, unique, letters-only word for ``number``."""
    parts = []
    for _ in range(syllables):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    while number:
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


def _paragraphs(words: list[str]) -> str:
    paragraphs = []
    for start in range(0, len(words), 50):
        chunk = words[start : start + 50]
        text = " ".join(chunk)
        paragraphs.append(f"<p>{text[:1].upper()}{text[1:]}.</p>")
    return "\n".join(paragraphs)


def synthetic_site(posts: int, *, seed: int = 1) -> Site:
    """A site of ``posts`` posts (see the module docstring for its shape)."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    topics = max(8, posts // 40)
    leaves = max(4, topics // 4)
    mids = max(2, leaves // 4)
    roots = max(2, mids // 4)
    terms = [Term(slug=f"root-{r}", name=f"Root {r}") for r in range(roots)]
    terms += [Term(slug=f"mid-{m}", name=f"Mid {m}", parent=f"root-{m % roots}") for m in range(mids)]
    terms += [Term(slug=f"leaf-{c}", name=f"Leaf {c}", parent=f"mid-{c % mids}") for c in range(leaves)]
    tag_pool = max(24, posts // 10)
    tag_names = [f"tag-{t}" for t in range(tag_pool)]
    topic_tags = [tag_names[t::topics] or [tag_names[t % tag_pool]] for t in range(topics)]
    tags = [Term(slug=slug, name=slug) for slug in [*tag_names, *GENERAL_TAGS]]
    topic_universe = topics * 20
    topic_words = [[pseudo_word(rng.randrange(topic_universe), 4) for _ in range(30)] for _ in range(topics)]
    # Heaps' law: the vocabulary grows with the square root of the words written.
    vocabulary = max(5000, int(40 * math.sqrt(posts * WORDS_PER_POST)))
    background = [pseudo_word(number) for number in range(vocabulary)]
    zipf = list(accumulate(1.0 / (rank + 1) for rank in range(vocabulary)))
    as_of = START + timedelta(hours=6 * posts)
    made = []
    for number in range(posts):
        topic = rng.randrange(topics)
        own = topic_words[topic]
        text = (
            rng.choices(own, k=75)
            + rng.choices(STOP, k=60)
            + rng.choices(background, cum_weights=zipf, k=WORDS_PER_POST - 135)
        )
        rng.shuffle(text)
        # One tag of the topic, one general tag, one from anywhere in the pool: tags
        # alone are a weak hint, as on real sites.
        chosen_tags = [
            rng.choice(topic_tags[topic]),
            rng.choice(GENERAL_TAGS),
            rng.choice(tag_names),
        ]
        leaf = topic % leaves
        category = f"leaf-{leaf}" if rng.random() < 0.8 else f"mid-{leaf % mids}"
        title = " ".join([*rng.sample(own, 2), *rng.choices(background, cum_weights=zipf, k=3)])
        date = START + timedelta(hours=6 * number, minutes=rng.randrange(360))
        future = rng.random() < 0.01
        made.append(
            Post(
                slug=f"post-{number:06d}",
                title=title.capitalize(),
                body=_paragraphs(text),
                authors=("author",),
                date=date + timedelta(days=3650) if future else date,
                draft=rng.random() < 0.01,
                terms={"categories": (category,), "tags": tuple(dict.fromkeys(chosen_tags))},
                extra={"topic": topic},
            )
        )
    return Site(
        title="Synthetic",
        base_url="https://synthetic.example",
        as_of=as_of,
        authors=(Author(slug="author", name="Author"),),
        posts=tuple(made),
        taxonomies=(
            Taxonomy(name="categories", label="Categories", hierarchical=True, terms=tuple(terms)),
            Taxonomy(name="tags", label="Tags", terms=tuple(tags)),
        ),
    )
