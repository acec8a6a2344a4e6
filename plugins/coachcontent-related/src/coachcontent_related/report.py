"""Plain-text reports of rankings and explanations, as ``coachcontent related`` prints them."""

from __future__ import annotations

from coachcontent import Post, Site
from coachcontent_related.explain import Contribution, Explanation, explain
from coachcontent_related.index import TEXT, related_index

#: Words listed per related post in a ranking; the rest are summed up in one line.
WORDS_SHOWN = 6


def _label(site: Site, contribution: Contribution) -> str:
    if contribution.signal == TEXT:
        return "words"
    if contribution.taxonomy:
        index = related_index(site)
        return index.taxonomy_labels.get(contribution.taxonomy, contribution.taxonomy).lower()
    return contribution.signal


def _line(site: Site, contribution: Contribution, *, detail: bool) -> str:
    text = f"      {_label(site, contribution):<12} {contribution.value:+.4f}  {contribution.feature}"
    if detail:
        text += f"  ({contribution.detail})"
    return text


def format_explanation(site: Site, explanation: Explanation) -> str:
    """Every contribution to one pair's score, with how each came about, and the verdict."""
    post, other = explanation.post, explanation.other
    lines = [
        f"Why {other.title!r} ({other.slug}) for {post.title!r} ({post.slug}):",
        f"  {explanation.status}.",
    ]
    if explanation.pinned:
        lines.append("  It is pinned in front matter; the score below is for information.")
    if explanation.contributions:
        lines.append("")
        lines.extend(_line(site, part, detail=True) for part in explanation.contributions)
    else:
        lines.append("  The two posts share nothing that counts.")
    lines.append("")
    lines.append(
        f"  relevance {explanation.relevance:.4f} + recency {explanation.recency:.4f} = score {explanation.score:.4f}"
    )
    return "\n".join(lines)


def format_ranking(site: Site, post: Post, limit: int | None = None) -> str:
    """The related posts of ``post``, best first, each with what it shares."""
    index = related_index(site)
    settings = index.settings
    shown = index.limit_for(limit)
    relations = index.ranking(post, limit)
    lines = [
        f"Related posts for {post.title!r} ({post.slug})",
        f"  {len(index.posts)} published posts; limit {shown}, threshold {settings.threshold:g}",
    ]
    if not relations:
        lines.append("  none: no post is relevant enough.")
    for place, relation in enumerate(relations, start=1):
        other = relation.post
        mark = "  pinned" if relation.pinned else ""
        lines.append("")
        lines.append(f"{place:>2}. {relation.score:.4f}  {other.slug}{mark}")
        lines.append(f"      {other.title}")
        parts = explain(site, post, other, limit=limit).contributions
        words = sorted((part for part in parts if part.signal == TEXT), key=lambda p: (-p.value, p.feature))
        for part in parts:
            if part.signal != TEXT:
                lines.append(_line(site, part, detail=False))
        for part in words[:WORDS_SHOWN]:
            lines.append(_line(site, part, detail=False))
        rest = words[WORDS_SHOWN:]
        if rest:
            total = 0.0
            for part in rest:
                total = total + part.value
            lines.append(f"      {'words':<12} {total:+.4f}  ({len(rest)} more)")
    return "\n".join(lines)
