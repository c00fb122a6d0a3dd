"""Failed sign-ins, counted in the database so that every worker sees the same limits

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 16:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_try",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_try")),
    )
    with op.batch_alter_table("sign_in_try", schema=None) as batch_op:
        batch_op.create_index("ix_sign_in_try_address_at", ["address", "at"], unique=False)
        batch_op.create_index("ix_sign_in_try_username_at", ["username", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_try_at"), ["at"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_in_try", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_try_at"))
        batch_op.drop_index("ix_sign_in_try_username_at")
        batch_op.drop_index("ix_sign_in_try_address_at")
    op.drop_table("sign_in_try")
