"""Flag questions for review in test mode

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flagged", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_column("flagged")
