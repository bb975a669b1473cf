"""The one `MetaData` of the read path's Core tables (`store/core_tables.py`): every area's
module registers its tables here, so a foreign key names a table of another area."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData()
