"""The fault suite behind scripts/reliability (issue 6, docs/reliability.md)."""
