"""What the staff routes take from the running app (`app.state.services`, built by bot.composition)."""

from __future__ import annotations

import logging

from fastapi import Request

from bot.handoff.service import HandoffService
from bot.staff.faq_edit import FaqEditor
from bot.staff.insights import Insights
from knowledge import ContentError, KnowledgeBase, get_knowledge

log = logging.getLogger(__name__)


def get_handoffs(request: Request) -> HandoffService:
    return request.app.state.services.handoffs


def get_insights(request: Request) -> Insights:
    return request.app.state.services.staff_insights


def get_faq_editor(request: Request) -> FaqEditor:
    return request.app.state.services.faq_editor


def get_kb(request: Request) -> KnowledgeBase | None:
    """The knowledge base the gateway serves (KNOWLEDGE_DIR), or None if it cannot be loaded."""
    try:
        return get_knowledge(request.app.state.services.settings.knowledge_dir)
    except ContentError:
        log.exception("knowledge content cannot be loaded")
        return None
