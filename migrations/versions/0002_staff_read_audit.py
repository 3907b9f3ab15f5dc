"""The audit trail of staff reads (gateway/privacy/models.py: staff_read_audit).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 01:06:11.806224+00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('staff_read_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_username', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender', sa.String(length=128), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_read_audit'))
    )
    op.create_index('ix_staff_read_audit_channel_sender', 'staff_read_audit', ['channel', 'sender'], unique=False)
    op.create_index(op.f('ix_staff_read_audit_read_at'), 'staff_read_audit', ['read_at'], unique=False)


def downgrade() -> None:
    op.drop_table('staff_read_audit')
