"""The kernel: clock, settings, services container and shared types. It imports nothing of ours.

Every other package stands on it; see ARCHITECTURE.md for the floors. Kept free of re-exports so
importing `core.clock` from `store/` or `knowledge/` never pulls in telegram (`core.types` does).
"""
