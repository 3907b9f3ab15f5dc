"""A LINE user against the real dialogue: Rasa server + action server (the session `stack`) behind a gateway
with LINE on, answering through the fake LINE API."""

from __future__ import annotations

import uuid

import pytest

from tests.fakes.line_events import follow_event, postback_event, text_event

pytestmark = pytest.mark.rasa


@pytest.fixture
def line_gateway(make_gateway, stack):
    # a generous reply budget: the first turns of a freshly started Rasa can be slow on a busy machine
    return make_gateway(
        rasa_url=stack.rasa_url,
        action_server_url=stack.action_url,
        rasa_timeout_seconds=60,
        line_reply_budget_seconds=600,
    )


def user() -> str:
    return "U" + uuid.uuid4().hex


def test_an_eligibility_question_on_line_is_answered_with_the_sme_definition(line_gateway, line_api):
    event = text_event("我們公司250人可以申請輔導嗎", user=user())
    line_gateway.send(event)

    (reply,) = line_api.replies
    assert reply.body["replyToken"] == event["replyToken"]
    answer = "\n".join(reply.texts)
    assert "200" in answer
    assert "資料來源" in answer


def test_following_the_account_greets_with_buttons_that_work_as_postbacks(line_gateway, line_api):
    someone = user()
    line_gateway.send(follow_event(user=someone))

    (greeting,) = line_api.replies
    assert "碳盤查小幫手" in "\n".join(greeting.texts)
    actions = [item["action"] for item in greeting.messages[-1]["quickReply"]["items"]]
    assert actions and all(a["type"] == "postback" and a["data"].startswith("/") for a in actions)
    faq = next(a for a in actions if a["data"].startswith("/faq_"))

    line_gateway.send(postback_event(faq["data"], user=someone))

    assert "資料來源" in "\n".join(line_api.replies[1].texts)  # a knowledge answer, with its source


def test_the_sme_definition_button_answers_with_the_200_employee_limit(line_gateway, line_api):
    line_gateway.send(postback_event("/faq_sme_definition", user=user()))

    answer = "\n".join(line_api.replies[0].texts)
    assert "200" in answer and "資料來源" in answer
