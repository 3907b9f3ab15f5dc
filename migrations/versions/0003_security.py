"""Security and reliability (issue 14): channel-prefixed conversation keys, the client's message id, durable LINE
webhook events, failed logins per IP, the ticket's conversation number.

Data: every stored sender becomes its conversation key (``web:…``, ``line:…``; gateway.conversation.conversation_key);
tickets get their conversation's number; webhook events already recorded count as handled.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 06:51:11.011453+00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: tables whose (channel, sender) name a conversation
_SENDER_TABLES = ('conversations', 'messages', 'handoff_tickets', 'inventories', 'staff_read_audit')


def upgrade() -> None:
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_handoff_tickets_conversation_id_conversations'), 'conversations',
                                    ['conversation_id'], ['id'], ondelete='SET NULL')
    op.create_index(op.f('ix_handoff_tickets_conversation_id'), 'handoff_tickets', ['conversation_id'], unique=False)

    with op.batch_alter_table('line_webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_timestamp', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_line_webhook_events_processed_at', ['processed_at'], unique=False)
    with op.batch_alter_table('line_webhook_events', schema=None) as batch_op:
        batch_op.alter_column('attempts', server_default=None)

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_message_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_messages_conversation_id_client_message_id',
                                          ['conversation_id', 'client_message_id'])

    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_staff_login_failures_ip'), ['ip'], unique=False)

    for table in _SENDER_TABLES:
        op.execute(f"UPDATE {table} SET sender = channel || ':' || sender "
                   f"WHERE sender NOT LIKE channel || ':%'")
    op.execute("UPDATE handoff_tickets SET conversation_id = (SELECT conversations.id FROM conversations "
               "WHERE conversations.channel = handoff_tickets.channel "
               "AND conversations.sender = handoff_tickets.sender)")
    op.execute("UPDATE line_webhook_events SET processed_at = received_at")


def downgrade() -> None:
    for table in _SENDER_TABLES:
        op.execute(f"UPDATE {table} SET sender = substr(sender, length(channel) + 2) "
                   f"WHERE sender LIKE channel || ':%'")

    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_login_failures_ip'))
        batch_op.drop_column('ip')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint('uq_messages_conversation_id_client_message_id', type_='unique')
        batch_op.drop_column('client_message_id')

    with op.batch_alter_table('line_webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_line_webhook_events_processed_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('leased_until')
        batch_op.drop_column('processed_at')
        batch_op.drop_column('payload')
        batch_op.drop_column('event_timestamp')

    op.drop_index(op.f('ix_handoff_tickets_conversation_id'), table_name='handoff_tickets')
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_handoff_tickets_conversation_id_conversations'), type_='foreignkey')
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.drop_column('conversation_id')
