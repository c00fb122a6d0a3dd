"""Attempt kinds: what an attempt asked (the whole bank, a draw, a tag, a retry...)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 16:20:00

Existing attempts get their kind from what they asked: an attempt that asked fewer
questions than its bank served when it was last imported is a practice round ("part").
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="bank", nullable=False)
        )
    # json_array_length exists on SQLite and PostgreSQL (for the json type) alike.
    op.execute(
        """
        UPDATE attempt SET kind = 'part'
        WHERE json_array_length(question_ids) < (
            SELECT count(*) FROM question
            WHERE question.bank_id = attempt.bank_id AND question.active = true
        )
        """
    )


def downgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("kind")
