"""A character trigram model of Chinese: how likely a character is after the two before it.

Interpolated Kneser-Ney (absolute discount ``D``, continuation counts for the lower orders),
trained by ``scripts/build_charlm.py`` on the official documents of the shared corpus and the
Kubernetes documentation (see the data file's header), and shipped as ``data/charlm.npz``:
sorted integer keys and 16-bit values, looked up with ``numpy.searchsorted``, so that scoring
every position of a long text is a few vectorised lookups. Loaded on first use only.

    >>> from zhclean.core.lm import char_model
    >>> lm = char_model()
    >>> lm.logprob("坚决捍卫", start=True) > lm.logprob("坚决扞卫", start=True)
    True
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

DISCOUNT = 0.75
BOS = "\x02"  # a line's start: the history of its first characters
UNK = "\x03"  # a character the training text did not have (often enough)
MIN_CHAR = 2  # a character seen fewer times is UNK
MIN_TRIGRAM = 2  # rarer trigrams are pruned (their mass goes to the bigram)


@dataclass(frozen=True)
class CharModel:
    chars: str  # id -> character (0: BOS, 1: UNK)
    unigram: np.ndarray  # log10 P_cont(c), by id
    bigram_keys: np.ndarray  # a * V + b, sorted (uint64)
    bigram_term: np.ndarray  # log10 of the discounted bigram term (float16)
    bigram_gamma: np.ndarray  # log10 of gamma(a): the back-off weight of history a, by id
    trigram_keys: np.ndarray  # (a * V + b) * V + c, sorted
    trigram_term: np.ndarray  # log10 of the discounted trigram term
    history_keys: np.ndarray  # a * V + b of the trigram histories, sorted
    history_gamma: np.ndarray  # log10 gamma(ab)

    @property
    def size(self) -> int:
        return len(self.chars)

    def ids(self, text: str) -> np.ndarray:
        index = _index(self.chars)
        return np.fromiter((index.get(ch, 1) for ch in text), dtype=np.uint64, count=len(text))

    def logprobs(self, text: str, start: bool = False) -> np.ndarray:
        """log10 P(c | the two characters before it) for every character of ``text``; the first
        two are scored on the history they have (``start``: after a line start)."""
        seq = self.ids((BOS + BOS if start else "") + text)
        offset = 2 if start else 0
        return self._score(seq)[offset:]

    def logprob(self, text: str, start: bool = False) -> float:
        """log10 P of ``text``: of all of it after a line start (``start``), else of its
        characters after the first two (which are its context)."""
        probs = self.logprobs(text, start)
        return float(probs.sum() if start else probs[2:].sum())

    def substitution_gain(self, text: str, pos: int, cand: str, reach: int = 5) -> float:
        """log10 P with ``cand`` at ``pos`` minus log10 P as written, over the ``reach``
        characters from ``pos`` on, in the two characters of context before it."""
        left = text[max(0, pos - 2) : pos]
        tail = text[pos + 1 : pos + reach]
        start = pos < 2
        fixed = self.logprobs(left + cand + tail, start=start)[len(left) :]
        written = self.logprobs(left + text[pos] + tail, start=start)[len(left) :]
        return float(fixed.sum() - written.sum())

    def substitution_gains(self, text: str, places: list[tuple[int, str]], reach: int = 5) -> np.ndarray:
        """``substitution_gain`` for many (position, candidate) pairs of one text at once: one
        vectorised scoring of all their windows (a suspect has tens of candidates, a page tens
        of suspects)."""
        if not places:
            return np.zeros(0)
        width = 2 + reach
        index = _index(self.chars)
        rows = np.full((2 * len(places), width), 1, dtype=np.uint64)
        mask = np.zeros((len(places), width), dtype=bool)
        for n, (pos, cand) in enumerate(places):
            left = text[max(0, pos - 2) : pos]  # two of history (a line start before the first)
            window = BOS * (2 - len(left)) + left + text[pos : pos + reach]  # the character, its tail
            ids = [index.get(ch, 1) for ch in window]
            rows[2 * n, : len(ids)] = ids
            rows[2 * n + 1, : len(ids)] = ids
            rows[2 * n, 2] = index.get(cand, 1)
            mask[n, 2 : len(ids)] = True
        scores = self._score(rows.reshape(-1)).reshape(len(places), 2, width)
        diff = np.where(mask, scores[:, 0, :] - scores[:, 1, :], 0.0)
        return diff.sum(axis=1)

    def _score(self, seq: np.ndarray) -> np.ndarray:
        v = np.uint64(self.size)
        n = len(seq)
        out = self.unigram[seq.astype(np.int64)].astype(np.float64)
        if n >= 2:
            a, b = seq[:-1], seq[1:]
            p2 = _interpolate(
                out[1:],
                _lookup(self.bigram_keys, self.bigram_term, a * v + b),
                self.bigram_gamma[a.astype(np.int64)].astype(np.float64),
            )
            out[1:] = p2
            if n >= 3:
                h = seq[:-2] * v + seq[1:-1]
                c = seq[2:]
                gamma = _lookup(self.history_keys, self.history_gamma, h, missing=0.0)
                out[2:] = _interpolate(
                    p2[1:], _lookup(self.trigram_keys, self.trigram_term, h * v + c), gamma
                )
        return out


def _interpolate(lower: np.ndarray, term: np.ndarray, gamma: np.ndarray) -> np.ndarray:
    """log10(10**term + 10**gamma * 10**lower), with term = -inf where the n-gram is unseen."""
    return np.logaddexp(term * np.log(10), (gamma + lower) * np.log(10)) / np.log(10)


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray, missing: float = -np.inf) -> np.ndarray:
    if not len(keys):
        return np.full(len(query), missing)
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return np.where(keys[pos] == query, values[pos].astype(np.float64), missing)


@cache
def _index(chars: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate(chars)}


def train(lines: Iterable[str]) -> CharModel:
    """Count and estimate a model from lines of text (each scored from a line start)."""
    lines = [line for line in (raw.strip() for raw in lines) if line]
    freq = Counter(ch for line in lines for ch in line)
    chars = BOS + UNK + "".join(sorted(ch for ch, n in freq.items() if n >= MIN_CHAR and ch not in BOS + UNK))
    index = {ch: i for i, ch in enumerate(chars)}
    v = len(chars)
    bi: Counter[tuple[int, int]] = Counter()
    tri: Counter[tuple[int, int, int]] = Counter()
    for line in lines:
        seq = [0, 0] + [index.get(ch, 1) for ch in line]
        bi.update(itertools.pairwise(seq[1:]))
        tri.update(zip(seq, seq[1:], seq[2:], strict=False))
    # Continuation counts: in how many distinct contexts a character (or bigram) follows.
    cont_uni = Counter(b for (_a, b) in bi)
    cont_bi = Counter((b, c) for (_a, b, c) in tri)
    counts = np.full(v, 0.5)  # a character never seen after another: half a context
    for c, n in cont_uni.items():
        counts[c] = n
    counts[0] = 0.0  # nothing is followed by a line start
    with np.errstate(divide="ignore"):
        unigram = np.log10(counts / counts.sum())
    unigram[0] = -99.0
    # Bigram level (lower order of the trigram model: continuation counts).
    hist1_total: Counter[int] = Counter()
    hist1_types: Counter[int] = Counter()
    for (a, _b), n in cont_bi.items():
        hist1_total[a] += n
        hist1_types[a] += 1
    bkeys, bterm = [], []
    for (a, b), n in cont_bi.items():
        bkeys.append(a * v + b)
        bterm.append(np.log10(max(n - DISCOUNT, 1e-9) / hist1_total[a]))
    gamma1 = np.zeros(v)
    for a, total in hist1_total.items():
        gamma1[a] = np.log10(DISCOUNT * hist1_types[a] / total)
    # Trigram level (raw counts), pruned; a pruned trigram's mass goes to the back-off.
    hist2_total: Counter[tuple[int, int]] = Counter()
    for (a, b, _c), n in tri.items():
        hist2_total[a, b] += n
    tkeys, tterm = [], []
    kept_sum: Counter[tuple[int, int]] = Counter()  # sum of (n - D) over the kept trigrams
    for (a, b, c), n in tri.items():
        if n >= MIN_TRIGRAM:
            tkeys.append((a * v + b) * v + c)
            tterm.append(np.log10((n - DISCOUNT) / hist2_total[a, b]))
            kept_sum[a, b] += n - DISCOUNT
    hkeys, hgamma = [], []
    for (a, b), total in hist2_total.items():
        # The back-off weight is what the kept trigrams leave: their discounts, and the whole
        # mass of the pruned ones; so every history's probabilities still sum to one.
        hkeys.append(a * v + b)
        hgamma.append(np.log10(max(1.0 - kept_sum[a, b] / total, 1e-9)))
    return _pack(chars, unigram, bkeys, bterm, gamma1, tkeys, tterm, hkeys, hgamma)


def _pack(chars, unigram, bkeys, bterm, gamma1, tkeys, tterm, hkeys, hgamma) -> CharModel:  # type: ignore[no-untyped-def]
    def sort(keys: list[int], values: list[float]) -> tuple[np.ndarray, np.ndarray]:
        k = np.array(keys, dtype=np.uint64)
        order = np.argsort(k)
        return k[order], np.array(values, dtype=np.float16)[order]

    bk, bt = sort(bkeys, bterm)
    tk, tt = sort(tkeys, tterm)
    hk, hg = sort(hkeys, hgamma)
    return CharModel(chars, unigram.astype(np.float16), bk, bt, gamma1.astype(np.float16), tk, tt, hk, hg)


def save(model: CharModel, path: str, header: str) -> None:
    np.savez_compressed(
        path,
        header=np.array(header),
        chars=np.array(model.chars),
        unigram=model.unigram,
        bigram_keys=model.bigram_keys,
        bigram_term=model.bigram_term,
        bigram_gamma=model.bigram_gamma,
        trigram_keys=model.trigram_keys,
        trigram_term=model.trigram_term,
        history_keys=model.history_keys,
        history_gamma=model.history_gamma,
    )


def load(path: object) -> CharModel:
    with np.load(path) as data:  # type: ignore[arg-type]
        return CharModel(
            str(data["chars"]),
            data["unigram"],
            data["bigram_keys"],
            data["bigram_term"],
            data["bigram_gamma"],
            data["trigram_keys"],
            data["trigram_term"],
            data["history_keys"],
            data["history_gamma"],
        )


@cache
def char_model() -> CharModel:
    """The shipped model, loaded on first use."""
    from importlib.resources import files

    with files("zhclean.data").joinpath("charlm.npz").open("rb") as fh:
        return load(fh)


# The optional word model: a word trigram model of Simplified Chinese that Debian ships (package
# libime-data-language-model, LGPL-2.1+, KenLM's binary format), read through KenLM's Python
# module (``pip install 'zhclean[lm]'``). Never bundled; zhclean works fully without it.
WORD_MODEL_ENV = "ZHCLEAN_WORD_MODEL"  # a path, or "none" to leave the system model out
WORD_MODEL_GLOB = "/usr/lib/*/libime/zh_CN.lm"
MAX_WORD = 6  # longest word the segmentation tries
UNKNOWN_WORD = -8.0  # log10 P of a character the model's vocabulary lacks
WORD_REACH = 6  # Han characters each side of a substitution the word model reads


class WordModel:
    """A KenLM word model scored over its own segmentation of a short window."""

    def __init__(self, path: str) -> None:
        import kenlm  # the optional extra

        self.path = path
        self._model = kenlm.Model(path)
        self._unigram: dict[str, float | None] = {}

    def _word(self, word: str) -> float | None:
        found = self._unigram.get(word, 0.0)
        if found == 0.0:
            found = self._model.score(word, bos=False, eos=False) if word in self._model else None
            self._unigram[word] = found
        return found

    def segment(self, text: str) -> list[str]:
        """The likeliest split of ``text`` into the model's words, by their unigram scores."""
        best = [0.0] + [-1e18] * len(text)
        back = [0] * (len(text) + 1)
        for j in range(1, len(text) + 1):
            for k in range(1, min(MAX_WORD, j) + 1):
                score = self._word(text[j - k : j])
                if score is None:
                    if k > 1:
                        continue
                    score = UNKNOWN_WORD
                if best[j - k] + score > best[j]:
                    best[j], back[j] = best[j - k] + score, j - k
        words, j = [], len(text)
        while j > 0:
            words.append(text[back[j] : j])
            j = back[j]
        return words[::-1]

    def logprob(self, text: str) -> float:
        """log10 P of ``text`` as the model's words (without sentence boundaries)."""
        return float(self._model.score(" ".join(self.segment(text)), bos=False, eos=False))

    def substitution_gain(self, run: str, pos: int, cand: str) -> float:
        """log10 P with ``cand`` at ``pos`` minus log10 P as written, over the WORD_REACH
        characters of ``run`` (a run of Han characters) each side."""
        lo, hi = max(0, pos - WORD_REACH), pos + WORD_REACH + 1
        window, k = run[lo:hi], pos - lo
        return self.logprob(window[:k] + cand + window[k + 1 :]) - self.logprob(window)


@cache
def word_model() -> WordModel | None:
    """The system word model, if KenLM's module and the model file are installed (or the file
    ``ZHCLEAN_WORD_MODEL`` names); None if not, or if that variable is ``none``."""
    import glob
    import os

    chosen = os.environ.get(WORD_MODEL_ENV, "")
    if chosen.lower() == "none":
        return None
    paths = [chosen] if chosen else sorted(glob.glob(WORD_MODEL_GLOB))
    if not paths or not os.path.isfile(paths[0]):
        return None
    try:
        return WordModel(paths[0])
    except ImportError:
        return None
