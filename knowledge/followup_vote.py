"""How the word lists' resolution of a follow-up (knowledge.followup) and the learned model's ranking
(nlu/followup_model.py) decide together.

On follow-ups nobody had tuned either on (tuning5 and tuning6, each scored by a model trained without it), the
word lists alone answered 70.2% / 67.5% right and this vote 81.5% / 79.0% (`scripts/followup_folds.py`):
- the word lists' entry gets ``RESOLVER_BONUS`` on top of the model's probability for it, and the highest score
  wins; so the word lists win unless the model is clearly surer of another entry;
- a resolution the word lists were not sure of is answered when the model ranks it first too (the topic itself
  again only when the model is very sure, ``AGREE_ON_TOPIC``); otherwise, when it still wins, the question back
  ("您是問…嗎？") also offers the model's entry;
- when the word lists see no follow-up (the message names a subject of its own) but the model, in this context,
  ranks another entry first with at least ``TAKE_OTHER``, the model's entry is answered; so is it when nothing
  else understood the message, and, with at least ``TAKE_DECLINED``, when the NLU took it for out of scope
  (short follow-ups like "１１２？" often look like nothing of ours without their context);
- the model's "out of scope" and "small talk" never answer anything: the rest of the dialogue does; "out of scope"
  with at least ``VETO`` declines a message after an answer, whatever the word lists made of it.
README "NLU: what was measured" has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from knowledge.followup import Resolution

#: Added to the model's probability of the word lists' entry
RESOLVER_BONUS = 0.5
#: The model's lowest probability for answering its entry where the word lists saw no follow-up
TAKE_OTHER = 0.3
#: ... and for answering it where the NLU declined the message ("１１２？" after the electricity factor)
TAKE_DECLINED = 0.5
#: ... and for answering the topic again where the word lists were not sure ("這個那個怎麼弄": the model leans on the
#: context when the message says little, and the same answer again rarely helps; better asked back)
AGREE_ON_TOPIC = 0.7
#: The model's labels for a message that is none of ours (the out-of-scope examples) and for courtesy (謝謝,
#: 晚點再回來: the small-talk examples); neither answers anything, the rest of the dialogue does
OUT_OF_SCOPE = "out_of_scope"
SMALL_TALK = "small_talk"
NOT_ENTRIES = frozenset({OUT_OF_SCOPE, SMALL_TALK})

#: The model's lowest probability of "out of scope" that declines a message after an answer, whatever the word
#: lists made of it ("那冷氣漏冷媒 叫師傅來補一次大概多少" after the refrigerants: a repair's price, not ours)
VETO = 0.6

Ranking = Sequence[tuple[str, float]]


def vetoed(ranking: Ranking) -> bool:
    """The model is sure the message, in its context, is none of ours."""
    return bool(ranking) and ranking[0][0] == OUT_OF_SCOPE and ranking[0][1] >= VETO


def voted(resolution: Resolution, ranking: Ranking, known: frozenset[str],
          topic: str | None = None) -> tuple[Resolution, str | None]:
    """The resolution after the model's vote, and the model's entry to offer beside it when still not sure."""
    ranked = [(entry, p) for entry, p in ranking if entry in known]
    if not ranked or ranking[0][0] in NOT_ENTRIES:
        return resolution, None
    scores = dict(ranked)
    scores[resolution.entry_id] = scores.get(resolution.entry_id, 0.0) + RESOLVER_BONUS
    best = max(scores, key=lambda entry: scores[entry])
    if best != resolution.entry_id:
        return Resolution(best, True, resolution.aspect), None
    if ranked[0][0] == best and (best != topic or ranked[0][1] >= AGREE_ON_TOPIC):
        return replace(resolution, sure=True), None
    return resolution, (ranked[0][0] if not resolution.sure else None)


def other_entry(ranking: Ranking, known: frozenset[str], understood: str | None, declined: bool = False) -> str | None:
    """The model's entry for a message the word lists took for no follow-up, when it differs from what the rest
    understood (``understood``: an entry id, or None) and is likely enough (surer when the NLU ``declined`` it)."""
    if not ranking or ranking[0][0] in NOT_ENTRIES:
        return None
    entry, probability = ranking[0]
    if entry not in known or entry == understood or probability < (TAKE_DECLINED if declined else TAKE_OTHER):
        return None
    return entry
