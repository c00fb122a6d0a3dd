"""A bank belongs to the teacher who published it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 16:35:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_bank_owner_id_user"), "user", ["owner_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_bank_owner_id_user"), type_="foreignkey")
        batch_op.drop_column("owner_id")
