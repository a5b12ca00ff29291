"""The peers of benchmarks/stance.py, re-implemented: UCLMR and the FNC-1 official baseline; and
the body-attribution features that the ablation measures but the shipped model leaves out."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from sklearn.neural_network import MLPClassifier

from credscore.features.attribution import find_attributions
from credscore.features.pairs import stem
from credscore.features.sourcing import SOURCE_KINDS
from credscore.lexicons import load_lexicon
from credscore.text import parse
from credscore.training.datasets import StanceExample


class UCLMR:
    """Riedel et al. 2017 (UCL Machine Reading, FNC-1 third place), as in their paper.

    Features: the headline's and the body's term-frequency vectors (L2-normalised counts of
    the 5,000 most frequent words of the training headlines and bodies, English stop words
    out) and the cosine of their TF-IDF vectors (same vocabulary size). Classifier: one hidden
    layer of 100 ReLU units, softmax over the four stances, Adam (learning rate 0.01), batches
    of 500, 90 epochs, L2 1e-5. Differences: scikit-learn's MLPClassifier has no dropout (the
    paper keeps 60% of units), so ``alpha`` stands in for it; and the vocabularies come from
    the training texts only (the paper's TF-IDF also saw the unlabelled test texts).
    """

    def __init__(self, *, alpha: float = 1e-5, seed: int = 0) -> None:
        self.alpha = alpha
        self.seed = seed

    def fit(self, examples: Sequence[StanceExample]) -> UCLMR:
        texts = sorted({e.claim for e in examples} | {e.body for e in examples})
        self.bow_ = CountVectorizer(max_features=5000, stop_words="english").fit(texts)
        self.tfidf_ = TfidfVectorizer(max_features=5000, stop_words="english").fit(texts)
        self.mlp_ = MLPClassifier(
            hidden_layer_sizes=(100,),
            alpha=self.alpha,
            batch_size=500,
            learning_rate_init=0.01,
            max_iter=90,
            random_state=self.seed,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.mlp_.fit(self._features(examples), [e.stance for e in examples])
        return self

    def _vectors(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        distinct = sorted(set(texts))
        row = {t: i for i, t in enumerate(distinct)}
        index = [row[t] for t in texts]
        tf = TfidfTransformer(use_idf=False).fit_transform(self.bow_.transform(distinct))
        return sp.csr_matrix(tf)[index], sp.csr_matrix(self.tfidf_.transform(distinct))[index]

    def _features(self, examples: Sequence[StanceExample]) -> sp.csr_matrix:
        head_tf, head_tfidf = self._vectors([e.claim for e in examples])
        body_tf, body_tfidf = self._vectors([e.body for e in examples])
        cosine = np.asarray(head_tfidf.multiply(body_tfidf).sum(axis=1))
        return sp.hstack([head_tf, body_tf, sp.csr_matrix(cosine)], format="csr")

    def predict(self, examples: Sequence[StanceExample]) -> list[str]:
        return [str(p) for p in self.mlp_.predict(self._features(examples))]


class OfficialBaseline:
    """The FNC-1 official baseline's features and classifier, re-implemented here.

    Features (as in FakeNewsChallenge/fnc-1-baseline, feature_engineering.py): Jaccard word
    overlap of the stemmed tokens; one indicator per refuting word in the headline; refuting
    polarity (parity) of headline and body; and the "hand" features, counts of headline tokens
    (with and without stop words) and of headline character 2/4/8/16-grams and word 2-6-grams
    found in the body and in its first 255 characters. Classifier: GradientBoostingClassifier
    with 200 trees. Differences: credscore's crude stemmer instead of WordNet lemmas.
    """

    REFUTING = (
        "fake fraud hoax false deny denies not despite nope doubt doubts bogus debunk pranks "
        "retract"
    ).split()
    _TOKEN = re.compile(r"\w+")

    def fit(self, examples: Sequence[StanceExample]) -> OfficialBaseline:
        self.model_ = GradientBoostingClassifier(n_estimators=200, random_state=14128)
        self.model_.fit(self._features(examples), [e.stance for e in examples])
        return self

    def predict(self, examples: Sequence[StanceExample]) -> list[str]:
        return [str(p) for p in self.model_.predict(self._features(examples))]

    def _features(self, examples: Sequence[StanceExample]) -> np.ndarray:
        cache: dict[str, tuple] = {}
        return np.asarray([self._row(e.claim, e.body, cache) for e in examples], dtype=float)

    def _clean(self, text: str, cache: dict[str, tuple]) -> tuple:
        if text not in cache:
            tokens = self._TOKEN.findall(text.lower())
            cache[text] = (" ".join(tokens), tokens, [stem(t) for t in tokens])
        return cache[text]

    def _row(self, claim: str, body: str, cache: dict[str, tuple]) -> list[float]:
        stop = ENGLISH_STOP_WORDS
        c_text, c_tokens, c_stems = self._clean(claim, cache)
        b_text, b_tokens, b_stems = self._clean(body, cache)
        intro = b_text[:255]
        union = set(c_stems) | set(b_stems)
        row = [len(set(c_stems) & set(b_stems)) / len(union) if union else 0.0]
        row += [float(w in c_tokens) for w in self.REFUTING]
        row += [sum(t in self.REFUTING for t in s) % 2 for s in (c_tokens, b_tokens)]
        body_words, intro_words = set(b_tokens), set(intro.split())
        for tokens in (c_tokens, [t for t in c_tokens if t not in stop]):
            row += [sum(t in body_words for t in tokens), sum(t in intro_words for t in tokens)]
        no_stop = " ".join(t for t in c_tokens if t not in stop)
        for size in (2, 8, 4, 16):
            grams = [no_stop[i : i + size] for i in range(len(no_stop) - size + 1)]
            row += [sum(g in b_text for g in grams), sum(g in intro for g in grams)]
        for size in (2, 3, 4, 5, 6):
            grams = [" ".join(c_tokens[i : i + size]) for i in range(len(c_tokens) - size + 1)]
            row += [sum(g in b_text for g in grams), sum(g in intro for g in grams)]
        return row


# --- the body's own attributions (measured in the ablation, not shipped) --------------------

_WORD = re.compile(r"[^\w]+")
ATTRIBUTION_FEATURES = (
    "attr__best_overlap",
    "attr__claim_in_attributions",
    "attr__own_voice",
    "attr__denying",
    "attr__negated",
    "attr__distancing",
    "attr__direct",
    "attr__matching",
    *(f"attr__kind_{kind}" for kind in (*SOURCE_KINDS, "none")),
)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in _WORD.split(text.lower()) if w and w not in ENGLISH_STOP_WORDS}


def _body_attributions(body: str) -> list[tuple]:
    """(content stems, denying, negated, distancing, direct, source kind) of each relation the
    rule-based extractor finds in the body; none when it fails on the text."""
    lexicons = [set(load_lexicon(name)) for name in ("stance_denying", "stance_distancing")]
    negation = set(load_lexicon("negation")) | set(load_lexicon("stance_refuting"))
    article = parse(body, id="body")
    try:
        found = find_attributions(article)
    except ValueError:  # the rule extractor refuses some wire datelines, e.g. "(Reuters) -"
        return []
    out = []
    for r in found:
        content = article.text[r.content[0] : r.content[1]]
        words = set(_WORD.split(content.lower())) | set(
            _WORD.split(article.text[r.cue[0] : r.cue[1]].lower())
        )
        out.append(
            (
                _stems(content),
                bool(words & lexicons[0]),
                bool(words & negation),
                bool(words & lexicons[1]),
                r.direct,
                r.source_kind,
            )
        )
    return out


def attribution_features(claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
    """Per pair: how well the body's attributed contents cover the claim, and of the one that
    covers it best, whether its source denies, negates or distances, quotes directly, and the
    source's kind; ``attr__own_voice`` when no attribution covers a third of the claim."""
    cache: dict[str, list[tuple]] = {}
    out = np.zeros((len(claims), len(ATTRIBUTION_FEATURES)), dtype=np.float32)
    for i, (claim, body) in enumerate(zip(claims, bodies, strict=True)):
        if body not in cache:
            cache[body] = _body_attributions(body)
        relations, terms = cache[body], _stems(claim)
        if not terms or not relations:
            out[i, 2] = 1.0
            continue
        overlaps = [len(terms & r[0]) / len(terms) for r in relations]
        best = int(np.argmax(overlaps))
        _, denying, negated, distancing, direct, kind = relations[best]
        covered = set().union(*(r[0] for r in relations)) & terms
        out[i, :8] = (
            overlaps[best],
            len(covered) / len(terms),
            overlaps[best] < 1 / 3,
            denying,
            negated,
            distancing,
            direct,
            np.log1p(sum(o >= 1 / 3 for o in overlaps)),
        )
        kinds = (*SOURCE_KINDS, None)
        out[i, 8 + kinds.index(kind if kind in SOURCE_KINDS else None)] = 1.0
    return out
