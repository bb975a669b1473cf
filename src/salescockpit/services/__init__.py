"""Use cases: the write side. One function = one transaction, permission check and audit rows.

Every write use case is ``fn(ctx, actor, ...)`` and returns a plain value (an id or a small
frozen dataclass), never an ORM row. Errors are `ServiceError`s with a user-readable message.
"""
