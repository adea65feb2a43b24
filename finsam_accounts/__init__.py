"""finsam-accounts: accounting and budget follow-up for a Swedish samordningsförbund."""

from __future__ import annotations

__version__ = "0.1.0"
