"""碳盤查小幫手 knowledge: FAQ content (YAML under content/), contacts, verifiers, search.

Plain library: no Rasa, no HTTP. The content is the single source of truth; answers are looked up when
they are given, so an edited file is live on the next ``get_knowledge()`` call.
"""
from knowledge.check import Problem, validate_content, validate_contact, validate_entry
from knowledge.kb import KnowledgeBase
from knowledge.loader import ContentError, get_knowledge, load_knowledge
from knowledge.model import TOPICS, Contact, Entry, Verifier, VerifierList
from knowledge.textnorm import fold_text, normalize_text

__all__ = [
    "TOPICS", "Contact", "ContentError", "Entry", "KnowledgeBase", "Problem", "Verifier", "VerifierList",
    "fold_text", "get_knowledge", "load_knowledge", "normalize_text",
    "validate_contact", "validate_content", "validate_entry",
]
