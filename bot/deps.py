"""What the routes take from the running app (`app.state.services`, built by bot.composition)."""

from __future__ import annotations

from fastapi import Request

from bot.conversation import ConversationService
from bot.rasa_client import RasaClient
from bot.store import ConversationStore
from bot.texts import Texts


def get_store(request: Request) -> ConversationStore:
    return request.app.state.services.store


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.services.rasa


def get_texts(request: Request) -> Texts:
    return request.app.state.services.texts


def get_conversations(request: Request) -> ConversationService:
    return request.app.state.services.conversations
