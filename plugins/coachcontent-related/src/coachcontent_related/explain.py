"""Why one post is (or is not) related to another: every addend of the score."""

from __future__ import annotations

from attrs import frozen

from coachcontent import Post, Site
from coachcontent_related.index import RECENCY, TEXT, TREE, RelatedIndex, dot, related_index


@frozen(kw_only=True)
class Contribution:
    """One addend of a score.

    :param signal: ``"terms"`` (a shared term of a flat taxonomy), ``"tree"``
        (a shared node of a hierarchical taxonomy: a term of both posts, or an
        ancestor of their terms), ``"text"`` (a shared word) or ``"recency"``.
    :param taxonomy: the taxonomy, for ``terms`` and ``tree``; else empty.
    :param feature: the term's slug, the node's path, the word, or the date.
    :param value: what it added to the score.
    :param detail: how ``value`` came about, in words and numbers.
    """

    signal: str
    taxonomy: str
    feature: str
    value: float
    detail: str


@frozen(kw_only=True)
class Explanation:
    """The score of ``other`` as a relative of ``post``, taken apart.

    ``contributions`` are listed in the order they are added up: shared
    features by taxonomy and term, then words alphabetically, then the recency
    bonus.  Their sum is ``score``; without the recency bonus, ``relevance``.

    :param rank: the place of ``other`` in ``post``'s full ranking (pinned
        posts first), from 1; ``None`` when it is not in it.
    :param shown: whether it is among the related posts shown (within the limit).
    :param status: one sentence saying why it is shown or not.
    """

    post: Post
    other: Post
    contributions: tuple[Contribution, ...]
    relevance: float
    recency: float
    score: float
    pinned: bool
    excluded: bool
    rank: int | None
    shown: bool
    status: str

    def total(self, signal: str | None = None) -> float:
        """The sum of the contributions (of one ``signal`` only, when given)."""
        return float(sum(part.value for part in self.contributions if signal in (None, part.signal)))


def _role(index: RelatedIndex, taxonomy: str, node: str, post: Post) -> str:
    """``"its own"`` when ``node`` is one of the post's terms, else which term it is above."""
    terms = post.terms_of(taxonomy)
    if node in terms:
        return "its own"
    chains = index.chains[taxonomy]
    below = sorted(term for term in terms if node in chains.get(term, ()))
    return f"above its {below[0]}" if below else "not its"


def contributions(index: RelatedIndex, post: Post, other: Post) -> list[Contribution]:
    """The addends of ``other``'s score for ``post``, in the order the score adds them."""
    site = index.site
    n = len(index.posts)
    features_a, values_a = index.vector(post)
    features_b, values_b = index.vector(other)
    values_of_b = dict(zip(features_b, values_b, strict=True))
    counts_a = counts_b = None
    result: list[Contribution] = []
    for feature, value_a in zip(features_a, values_a, strict=True):
        if feature not in values_of_b:
            continue
        info = index.features[feature]
        weight = index.feature_weight(feature)
        value_b = values_of_b[feature]
        added = weight * value_a * value_b
        product = f"weight {weight:g} × {value_a:.3f} × {value_b:.3f}"
        shared_by = f"in {info.df} of {n} posts, idf {info.idf:.3f}"
        key = info.key
        if info.signal == TEXT:
            if counts_a is None or counts_b is None:
                counts_a, counts_b = index.counts(post), index.counts(other)
            detail = f"tf {counts_a[key]} and {counts_b[key]}, {shared_by}; {product}"
        elif info.signal == TREE:
            key = site.term_path(info.taxonomy, info.key)
            mine, theirs = (_role(index, info.taxonomy, info.key, p) for p in (post, other))
            where = "a term of both" if mine == theirs == "its own" else f"this post: {mine}; the other: {theirs}"
            detail = f"{where}; {shared_by}; {product}"
        else:
            detail = f"{shared_by}; {product}"
        result.append(Contribution(signal=info.signal, taxonomy=info.taxonomy, feature=key, value=added, detail=detail))
    position = index.position.get(other.slug)
    if index.settings.recency_weight > 0 and position is not None:
        reference = index.as_of or index.posts[0].date
        age = index.age_days(other, reference)
        result.append(
            Contribution(
                signal=RECENCY,
                taxonomy="",
                feature=site.local(other.date).date().isoformat(),
                value=index.recency[position],
                detail=(
                    f"{age:.0f} days old; {index.settings.recency_weight:g} × 0.5^({age:.0f}/"
                    f"{index.settings.recency_half_life_days:g})"
                ),
            )
        )
    return result


def explain(site: Site, post: Post, other: Post, *, limit: int | None = None) -> Explanation:
    """Why ``other`` is, or is not, among the related posts of ``post``.

    :param limit: the number of posts shown; ``None`` uses the ``limit`` setting.
    """
    index = related_index(site)
    parts = tuple(contributions(index, post, other))
    # The same sum as the ranking's, so that the two agree to the last bit.
    relevance = dot(index.query_weights(post), *index.vector(other))
    recency = next((part.value for part in parts if part.signal == RECENCY), 0.0)
    score = relevance + recency
    pinned_positions, excluded_positions = index.pins(post)
    position = index.position.get(other.slug)
    pinned = position is not None and position in pinned_positions
    excluded = position is not None and position in excluded_positions
    shown_count = index.limit_for(limit)
    rank: int | None = None
    threshold = index.settings.threshold
    if other.slug == post.slug:
        status = "it is the post itself"
    elif other.draft:
        status = "it is a draft; drafts are never related posts"
    elif position is None:
        status = "it is dated after the site's as_of; future posts are never related posts"
    elif excluded:
        status = "it is excluded by the post's related_exclude"
    else:
        for place, relation in enumerate(index.full_ranking(post), start=1):
            if relation.post.slug == other.slug:
                rank = place
                break
        if rank is None:
            status = f"its relevance {relevance:.3f} is below the threshold {threshold:g}"
        elif rank <= shown_count:
            how = "pinned by the post's related" if pinned else "scored"
            status = f"shown at place {rank} of {shown_count} ({how})"
        else:
            status = f"ranked {rank}, beyond the limit of {shown_count}"
    return Explanation(
        post=post,
        other=other,
        contributions=parts,
        relevance=relevance,
        recency=recency,
        score=score,
        pinned=pinned,
        excluded=excluded,
        rank=rank,
        shown=rank is not None and rank <= shown_count,
        status=status,
    )
