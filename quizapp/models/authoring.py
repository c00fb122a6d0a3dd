"""The authoring tables: uploads waiting to be published, articles drafts were made from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import UTCDateTime, db
from . import utcnow


class PendingBank(db.Model):
    """An uploaded bank waiting for its teacher to publish it: the YAML to write."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(20), default="yaml")
    yaml_text: Mapped[str] = mapped_column(Text)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DraftArticle(db.Model):
    """The article a bank was drafted from, so reviewers see each question's sentence."""

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_slug: Mapped[str] = mapped_column(String(100), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # "paragraph.sentence" -> the sentence, numbered as the drafted questions cite them
    sentences: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
