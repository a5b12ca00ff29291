"""Stories, copies, claim groups, stances and independent origins across the articles of a batch.

The steps (README, "Stories and corroboration"), with the constants of the modules named:

1. **Stories** (:mod:`.stories`, blocking in :mod:`.vectors`). Each article (title + body) becomes a
   hashed TF-IDF vector (2^20 word features, IDF from the batch: no stored vocabulary). Blocking:
   each article's ``TOP_TERMS`` highest-weighted terms that another article also has are its keys; a
   key held by at most ``MAX_POSTINGS`` articles pairs those sharing two keys, a key held by more
   pairs each article with the ``WINDOW`` next ones in two random-projection orders (sorted
   neighbourhood). When near-duplicates appear (cosine >= ``NEAR_DUPLICATE``) the keys are chosen
   again with each cluster of them counted once, so a wire copy's keys are not the words it shares
   only with its original. Work is ``O(n · TOP_TERMS · MAX_POSTINGS)``, never all pairs. Candidates
   with cosine >= ``STORY_THRESHOLD`` are joined by union-find: a story is a connected component.
2. **Copies** (:mod:`.copies`). Within a story (all pairs up to 64 articles, else the verified story
   pairs), two articles are copies when word 5-gram shingle containment (shared / the smaller set)
   is >= ``COPY_CONTAINMENT``; or they credit the same wire and have containment >=
   ``WIRE_CONTAINMENT``, two identical paragraphs or two identical quotations; or they share three
   identical paragraphs and half their shingles. Copy families (union-find) have one original: the
   earliest ``published``, else the first given; the others are ``copy_of`` it and inherit its wire
   credit when they have none.
3. **Claim groups** (:mod:`.matching`, words in :mod:`.terms`). Claims of a story are compared when
   they share a content term (inverted index). Similarity = 0.30·terms + 0.25·word + 0.20·char +
   0.15·entities + 0.10·speaker: content-term overlap (mean of set cosine and overlap coefficient,
   after lowercasing, crude stemming and the synonym sets of ``lexicons/claim_synonyms.txt``; stop,
   reporting, hedge, negation and discourse words dropped), hashed word and character (3-5) TF-IDF
   cosines, Jaccard of names and numbers, and 1 for the same named source; 0 when fewer than two
   terms are shared. A claim negated or refuted and one that is not never group: the denial is
   evidence against the claim instead. Pairs with similarity >= ``CLAIM_THRESHOLD`` merge their
   groups best first, if the two groups' members average at least ``RELATED_THRESHOLD`` (so a chain
   of near-matches does not drag distinct claims together). A group's claim is the member nearest
   its centroid.
4. **Stances** (:mod:`.groups`, rules in :mod:`.stance_rules`). Each article's evidence about a
   group: its members, and up to ``MAX_RELATED`` claims with similarity >= ``RELATED_THRESHOLD`` to
   a member. Evidence a source carries ("KCNA said ...") takes the source's stance, the stance of
   (group claim, that sentence), read by the statement rules :func:`rule_stance_proba`; evidence in
   the reporter's voice takes the article's stance, (group claim, article body), read by the stance
   model when the bundle has one, else by the same rules as a FALLBACK. (The FNC-1 model judges how
   an article reports a claim, so it calls a quoted denial "discuss"; the rules read what the
   statement itself says.) A member judged unrelated counts as agreeing.
5. **Origins** (:mod:`.origins`). Each piece of evidence has one origin: a state medium it is
   carried by (with the government that owns it: "North Korea's state news agency KCNA"), one
   statement however many outlets repeat it; else its named source, by proper-name words (a
   spokesperson or analyst whose role names an organisation of the story counts as that
   organisation; "Harlow" as "Daniel Harlow"; an unnamed "director" the article then names is that
   person); else the article's home: its copy family's wire service, else its original's outlet,
   else its original's id. An unnamed source counts apart per home, until source coreference
   (:mod:`.mentions`, :mod:`.coreference`, :mod:`.coreference_model`) joins the sources of one
   first-hand statement across articles: pairs of sources scored by the shipped pair model,
   clustered by average link; origins whose sources share a cluster are one, and a cluster whose
   unnamed sources name a state medium as their channel is that medium's. How origins count
   (:mod:`.counting`): a disputing source is ``against``, never ``for``; the reporter's voice adds
   no origin unless it restates an attributed statement (then it is that source's) or is
   first-hand. A group's ``origins`` are ``{name, kind, stance, channel, articles}`` each,
   those of its claim's coverage (step 6): the story view and ``corroborate`` count one way.

6. **Coverage** (:mod:`.coverage`). One claim against a set of articles: every article's body read
   against it by the article stance, its related claims as evidence (a source's statement by the
   statement stance, the reporter's voice by the article's), and the origins of the evidence with
   kind and stance (for, against, neutral). :meth:`Scorer.corroborate_claim` returns this view.
7. **Probability** (:mod:`.probability`, :mod:`.features`, :mod:`.model`). A reported group's claim
   is read against its story's articles (step 6); the coverage becomes a row of story features
   and the bundle's corroboration model, a calibrated logistic regression trained on real
   stories with settled outcomes, gives the group's ``probability`` that the claim holds. Its
   member claims' ``corroboration.score`` is that probability; an article's ``corroboration`` the
   mean over its claims in groups. Without a model they are None.

The old hand-set score (:func:`corroboration_score`: each origin one vote, with ``A``, ``U`` and
``D`` the agree, discuss and disagree totals, ``(A + 0.25·U + 1) / (A + 0.25·U + D + 2)``) is one
of the story features. A claim's ``agree``, ``discuss`` and ``disagree`` list the evidence of other
origins, from articles outside its copy family. A group is reported when its members come from two
copy families, or when another family's evidence disagrees with it at similarity >=
``CLAIM_THRESHOLD``.

:func:`corroborate` (:mod:`.batch`) runs the steps; :mod:`.benchmark` times step 1 on synthetic
batches. Imports go one way: :mod:`.terms`, :mod:`.vectors` and :mod:`.unionfind` import nothing
of the package; then come stories, copies, stance_rules, origins, matching, coverage, groups,
features, model, probability and batch.
"""

from credscore.scoring.corroboration import benchmark as _benchmark
from credscore.scoring.corroboration.batch import corroborate
from credscore.scoring.corroboration.copies import (
    COPY_CONTAINMENT,
    WIRE_CONTAINMENT,
    Copies,
    find_copies,
)
from credscore.scoring.corroboration.coverage import Coverage, claim_coverage, one_story
from credscore.scoring.corroboration.features import FAMILIES, FEATURE_NAMES, story_features
from credscore.scoring.corroboration.groups import DISCUSS_WEIGHT, corroboration_score
from credscore.scoring.corroboration.matching import (
    CLAIM_THRESHOLD,
    MAX_RELATED,
    RELATED_THRESHOLD,
    SIMILARITY_WEIGHTS,
    claim_similarity,
)
from credscore.scoring.corroboration.model import (
    corroboration_pipeline,
    fit_corroboration,
    predict_holds,
)
from credscore.scoring.corroboration.probability import coverage_probability
from credscore.scoring.corroboration.stance_rules import (
    STANCES,
    StanceFn,
    is_statement,
    rule_stance_proba,
)
from credscore.scoring.corroboration.stories import (
    NEAR_DUPLICATE,
    STORY_THRESHOLD,
    TOP_TERMS,
    Stories,
    find_stories,
)
from credscore.scoring.corroboration.terms import claim_terms, stem
from credscore.scoring.corroboration.unionfind import UnionFind
from credscore.scoring.corroboration.vectors import (
    MAX_POSTINGS,
    WINDOW,
    candidate_pairs,
    tfidf,
    top_terms,
)

__all__ = [
    "CLAIM_THRESHOLD",
    "COPY_CONTAINMENT",
    "DISCUSS_WEIGHT",
    "FAMILIES",
    "FEATURE_NAMES",
    "MAX_POSTINGS",
    "MAX_RELATED",
    "NEAR_DUPLICATE",
    "RELATED_THRESHOLD",
    "SIMILARITY_WEIGHTS",
    "STANCES",
    "STORY_THRESHOLD",
    "TOP_TERMS",
    "WINDOW",
    "WIRE_CONTAINMENT",
    "Copies",
    "Coverage",
    "StanceFn",
    "Stories",
    "UnionFind",
    "candidate_pairs",
    "claim_coverage",
    "claim_similarity",
    "claim_terms",
    "corroborate",
    "corroboration_pipeline",
    "corroboration_score",
    "coverage_probability",
    "find_copies",
    "find_stories",
    "fit_corroboration",
    "is_statement",
    "one_story",
    "predict_holds",
    "rule_stance_proba",
    "stem",
    "story_features",
    "tfidf",
    "top_terms",
]

_timing = _benchmark.timing  # python -c "from credscore.scoring.corroboration import _timing; ..."
