"""The roles of the users who may log in to ``finsam fava``: a module of its own so that
``finsam --help`` names them without importing Fava."""

from __future__ import annotations

ROLES = ("styrelse", "revisor", "ekonom")  # styrelse and revisor read; ekonom may edit
