"""The entry point of the inventory conversation: one user turn in, the new state and the bot's messages out.

The turn is the Rasa intent (buttons and commands: 結算, 確認結算, 目前填了哪些, 沒有/跳過 …) plus the
statement the interpreter reads from the text (amounts, periods, corrections, negations …). The dialogue
applies, in order: the answer to the pending question, the year and the company, a deletion, a correction,
new amounts, categories said to be none — then asks the one next thing: the pending question, else the
read-back when finishing, else the year, the company, the next category not answered yet. What a statement
says besides its amounts (a year, a company, the sector …) is read by actions/inventory_chat/statement_cues.py.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actions.inventory_chat import amounts, answers, catalogue, categories, edits, presenter, prompts, settle
from actions.inventory_chat import pending_corrections, refinements
from actions.inventory_chat import statement_cues as cues
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply, intent_button
from actions.inventory_chat.state import COLLECTING, DONE, REVIEWING, InventoryState
from actions.inventory_chat.statement_cues import COURTESY
from nlu.statements import Statement, interpret

Message = dict[str, Any]
RESULT_VIEWS = settle.RESULT_VIEWS


@dataclass
class Turn:
    intent: str
    text: str = ""
    #: entities of a button payload: choice (an answer), source, equipment
    entities: dict[str, Any] = field(default_factory=dict)
    #: what the user said before the inventory began, oldest first ("我們一年用電 75 萬度，這樣算多嗎")
    earlier: tuple[str, ...] = ()


@dataclass
class Outcome:
    state: dict[str, Any] | None
    messages: list[Message] = field(default_factory=list)
    result: dict[str, Any] | None = None
    #: the turn meant something to the inventory (an FAQ action may hand it over)
    understood: bool = True


class Dialogue:
    """``today`` fixes 去年 and the latest valid year (tests pass a date)."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()

    # -- entry points -----------------------------------------------------------------------------------------

    def handle(self, state_json: Any, turn: Turn, result_json: dict[str, Any] | None = None) -> Outcome:
        state = InventoryState.from_json(state_json)
        st = interpret(turn.text, self.today) if turn.text and not turn.text.startswith("/") else Statement("")
        reply = Reply()
        intent = turn.intent
        if intent in RESULT_VIEWS:
            return self._view(state, intent, result_json)
        if intent == "inventory_restart":
            reply.note(text("restarted"))
            return self._begin(reply, turn, st, restart=True)
        if intent == "inventory_start":
            if state is not None and state.unfinished:
                return self.resume_offer(state)
            return self._begin(reply, turn, st)
        if state is not None and state.status == DONE and st.has_data:
            state.status = COLLECTING  # more data after a result: it joins the same inventory, settled again
            reply.note(text("reopened"))
        elif state is None or state.status == DONE:
            if st.has_data or cues.names_a_year(st, intent):
                return self._begin(reply, turn, st)
            return self._not_collecting(state, intent)
        understood = self._apply(state, reply, turn, st)
        state.touch()
        computed = self._compute(state, reply) if state.status == DONE else None
        if state.status == DONE and computed is None:
            state.status = COLLECTING
        if computed is None:
            prompts.ask_next(state, reply, finishing=state.status == REVIEWING, understood=understood, today=self.today)
        reply.flush()
        return Outcome(state.to_json(), reply.messages, computed, understood)

    def wants(self, state_json: Any, turn: Turn, classifier_sure: bool = False) -> bool:
        """Would the inventory take this turn (one an FAQ or not-sure action got)? During a collection, or to
        start one from a message that asks for it and gives data; never for a question without data, and only
        when the dialogue understands it. When the classifier was
        sure of its intent, only an answer to the question the inventory asked, or data, is taken."""
        state = InventoryState.from_json(state_json)
        st = interpret(turn.text, self.today)
        if state is None or state.status not in (COLLECTING, REVIEWING):
            # "2025年整年用電大概 96,000 度，可以幫我算碳排嗎": the wish and the data together start one
            return (state is None or not state.unfinished) and (st.start or st.asks_for_sum) \
                and any(c.source for c in st.claims)
        if st.question and not st.claims:
            return False
        waiting = bool(state.pending or state.delete_candidates or state.asked == "readback")
        if classifier_sure and not waiting and not st.has_data and not st.delete:
            return False  # "…不是我們的，刪掉" is the inventory's whatever the classifier thought
        trial = self.handle(copy.deepcopy(state_json), Turn("inform_activity", turn.text, turn.entities))
        return trial.understood

    def resume_prompt(self, state_json: Any) -> Outcome | None:
        """After an interruption (an FAQ answer): the pending question again, or None."""
        state = InventoryState.from_json(state_json)
        if state is None or state.status not in (COLLECTING, REVIEWING):
            return None
        reply = Reply()
        reply.note(text("resume_question"))
        prompts.ask_next(state, reply, finishing=state.status == REVIEWING, understood=True, today=self.today)
        reply.flush()
        return Outcome(state.to_json(), reply.messages)

    def resume_offer(self, state: InventoryState) -> Outcome:
        reply = Reply()
        reply.say(text("resume_offer", year=prompts.year_label(state), count=len(state.lines)),
                  [intent_button(text("button_resume"), "inventory_resume"),
                   intent_button(text("button_restart"), "inventory_restart")])
        return Outcome(state.to_json(), reply.messages)

    # -- applying a turn --------------------------------------------------------------------------------------

    def _begin(self, reply: Reply, turn: Turn, st: Statement, restart: bool = False) -> Outcome:
        state = InventoryState()
        state.touch()
        reply.note(text("start", total=len(catalogue.steps())))
        if st.finish or st.start:  # "…用電大概96,000度，可以幫我算碳排嗎": a request, not a question
            st.question = False
        st.finish = False  # it opens an inventory: it settles nothing yet
        if st.has_data or st.year or st.bare_year:
            self._apply(state, reply, Turn("inform_activity", turn.text, turn.entities), st)
        self._recall(state, reply, turn.earlier)
        prompts.ask_next(state, reply, finishing=False, understood=True, today=self.today)
        reply.flush()
        return Outcome(state.to_json(), reply.messages)

    def _recall(self, state: InventoryState, reply: Reply, earlier: tuple[str, ...]) -> None:
        """Amounts of a named source the user gave before asking for the inventory are recorded, saying where
        they come from (a consultant remembers what was said a minute ago), and the year said before; nothing
        else of those messages."""
        for said in earlier:
            st = interpret(said, self.today)
            if state.year is None and st.year is not None and not st.year_relative \
                    and (st.start or st.has_data or (cues.year_only(st) and not st.question)):
                # "我們是做茶的，要弄113年的", or the year said on its own ("年度是2023") before the data began
                categories.set_year(state, reply, st.year, said, self.today)
            known = {ln.source for ln in state.lines} | {d.claim.source for d in state.pending}
            claims = [c for c in st.claims if c.source and not c.money and c.source not in known]
            if not claims:
                continue
            reply.note(text("recalled"))
            amounts.give(state, reply, claims, Context(state, step=None))

    def _apply(self, state: InventoryState, reply: Reply, turn: Turn, st: Statement) -> bool:
        """Apply the turn; True when it meant something to the inventory."""
        intent, choice = turn.intent, turn.entities.get("choice")
        cues.note_sector(state, st)
        if intent == "inventory_resume":
            step = catalogue.step(state.step)
            reply.note(text("resumed", title=step.title if step else prompts.year_label(state)))
            return True
        if intent == "inventory_list":
            prompts.listing(state, reply)
            return True
        at_readback = state.status == REVIEWING and state.asked == "readback"
        said = answers.yes_no(intent, choice, st)
        if at_readback and (intent == "inventory_confirm" or (said == answers.YES and not st.claims)):
            state.status = DONE
            return True
        if intent == "inventory_confirm":
            intent = "inventory_finish"  # a confirmation of a read-back not shown yet: show it first
        if intent == "inventory_edit" or (at_readback and said == answers.NO):
            state.status = COLLECTING
            prompts.listing(state, reply)
            reply.note(text("edit_how"))
            return True
        # "幫忙算一下2024年的碳排" asks for an inventory, not for its result: 結算 needs something to settle
        finishing = intent == "inventory_finish" or (st.finish and bool(
            state.lines or state.pending or st.claims or st.nothing_else or st.no_more))
        if state.status == REVIEWING:
            state.status = COLLECTING
            finishing = True  # an edit at the read-back: read back again afterwards
        ctx = Context(state, step=state.step if catalogue.step(state.step) else None)
        understood = False
        used: set[int] = set()
        if intent == "choose_source" and (turn.entities.get("source") or turn.entities.get("equipment")):
            choice = choice or (f"source:{turn.entities['source']}" if turn.entities.get("source") else
                                f"equipment:{turn.entities['equipment']}")
        if state.delete_candidates:
            said = answers.yes_no(intent, choice, st)
            understood = edits.confirm_delete(state, reply, choice, said)
        elif state.pending:
            used = answers.answer(state, reply, state.pending[0], st, intent, choice, ctx)
            if not used and choice is None and said is None:
                # "一天做9小時 一年大概240天" answers a question still waiting behind the one on screen
                for draft in list(state.pending[1:]):
                    used = answers.answer(state, reply, draft, st, intent, None, ctx)
                    if used:
                        break
            if not used and choice is None:  # "不是啦 是7-9月每個月都五萬五…": the question's amount corrected
                used = pending_corrections.replace(state, reply, st, ctx)
            if not used and answers.names_the_pending_source(state.pending[0], st, choice):
                # "柴油" again to the money question about the diesel: about that amount, asked again plainly
                reply.note(text("same_source_again", subject=presenter.draft_subject(state.pending[0])))
                used = {-1}
            understood = bool(used)
        if st.bare_year is not None and not understood and (state.year is None or state.step == "year"):
            st.year, st.claims, st.bare_numbers = st.bare_year, [], []
        if st.year is not None and (state.year is None or cues.year_only(st)):
            understood = categories.set_year(state, reply, st.year, st.text, self.today) or understood
        elif st.year is not None and not st.year_relative and st.year != state.year:
            reply.note(text("year_mentioned", said=st.year, year=state.year))
        if state.step == "company" and not understood:
            if cues.looks_like_company(st, intent):
                categories.set_company(state, reply, st.text)
                return True
            if st.has_data or intent == "skip":
                state.step = catalogue.steps()[0].id
                if intent == "skip" or (st.no_more and not st.finish):  # "沒有了" to the company: skipped
                    return True
        if st.question and not understood and not st.finish:
            return self._question_mid_way(state, reply)  # a question without the FAQ's intent: not data
        if st.delete and not understood:
            understood = edits.delete(state, reply, st)
            used |= {id(c) for c in st.claims}
        elif (st.correction or st.back_reference or any(c.money for c in st.claims)) and not understood:
            corrected = edits.correct(state, reply, st, ctx)
            used |= corrected
            understood = understood or bool(corrected)
        if not understood and st.already_said and not st.claims:
            had = [ln for ln in state.lines if ln.source in st.sources] or (state.lines[-1:] if not st.sources else [])
            for line in had:  # "電的話我一開始有講了"
                reply.note(text("already_have", name=presenter.line_name(line), amount=presenter.amount_text(line)))
            understood = bool(had)
        if not understood and edits.usage_said(st) is not None:
            understood = edits.reassign_usage(state, reply, st, ctx)  # "是堆高機用的"
        offered = refinements.offer(state, reply, [c for c in st.claims if id(c) not in used])
        used |= offered  # "7到9月大概五萬五 其他月份四萬二" after the electricity line: its correction?
        understood = understood or bool(offered)
        rest = [c for c in st.claims if id(c) not in used]
        if rest:
            before = {ln.id for ln in state.lines}
            edits.green_inside_earlier(state, reply, rest, ctx)  # "其中綠電…已經含在上面的總用電裡"
            amounts.give(state, reply, rest, ctx)
            understood = True
            added = [ln for ln in state.lines if ln.id not in before]
            if ctx.step and any(ln.step == ctx.step for ln in added) and not finishing:
                state.more = ctx.step  # the asked category was answered: ask whether there is more of it
        if not st.claims and not used and not understood:
            understood = (cues.refrigeration_without_amount(state, reply, st, ctx)
                          or cues.cylinders_without_amount(state, reply, st, ctx))
        if not st.claims and st.period == "year" and not state.pending and cues.says_all(st):
            state.default_period = "year"  # "數字都是全年的"
            reply.note(text("default_period_year"))
            understood = True
        if st.negated_sources or st.negated_categories:
            categories.negate(state, reply, st)
            understood = True
        if st.nothing_else:
            categories.nothing_else(state, reply)
            understood = True
        elif st.no_more:  # "沒了": no more of the category asked; the next one comes, the others stay open
            categories.skip(state, reply)
            understood = True
        if intent == "skip" and not understood and not finishing:
            categories.skip(state, reply)
            understood = True
        if (intent in ("affirm", "thanks", "deny") or said in (answers.YES, answers.NO)) and not understood:
            # a bare 對 to "一個月、一期，還是一整年？" picks nothing: say so rather than "好的" and the same question
            reply.note(text("choose_one" if state.pending and not st.claims else "ok"))
            understood = True
        if finishing:
            state.status = REVIEWING
            understood = True
        if understood:
            state.misunderstood = 0
        elif intent not in COURTESY:
            state.misunderstood += 1
        return understood

    def _question_mid_way(self, state: InventoryState, reply: Reply) -> bool:
        reply.note(text("question_mid_way"))
        return False

    # -- asking -----------------------------------------------------------------------------------------------

    def _compute(self, state: InventoryState, reply: Reply) -> dict[str, Any] | None:
        return settle.compute(state, reply)

    def _view(self, state: InventoryState | None, intent: str, result_json: dict[str, Any] | None) -> Outcome:
        return Outcome(state.to_json() if state else None, settle.view(state, intent, result_json))

    def _not_collecting(self, state: InventoryState | None, intent: str) -> Outcome:
        reply = Reply()
        if intent in ("skip", "deny", "affirm"):
            reply.say(text("skip_not_collecting"))
        else:
            reply.say(text("not_collecting"), [intent_button(text("button_start"), "inventory_start")])
        return Outcome(state.to_json() if state else None, reply.messages, understood=False)
