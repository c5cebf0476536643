"""Mock interview sessions and their answers, kept as they happen.

``mock_sessions`` holds a session's plan (its questions, in order) from the moment it
starts; ``mock_answers`` links each finished answer (a question's or its follow-up's)
to its attempt — which keeps the timing, the recording and the analysis, as on the
Rehearse screen — and, once graded, to the review. A session interrupted by a quit,
a crash or a kill therefore keeps every finished answer, and can be continued.

Revision ID: 0009_mock_sessions
Revises: 0008_card_state_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_mock_sessions"
down_revision = "0008_card_state_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mock_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_ms", sa.BigInteger, nullable=False),
        sa.Column("finished_ms", sa.BigInteger),
        sa.Column("options", sa.Text, nullable=False, server_default="{}"),
        sa.Column("plan", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_table(
        "mock_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("mock_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("follow_up", sa.Integer, nullable=False, server_default="0"),
        sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revlog_id", sa.Integer, sa.ForeignKey("revlog.id", ondelete="SET NULL")),
    )
    op.create_index("ix_mock_answers_session_id", "mock_answers", ["session_id", "position", "follow_up"],
                    unique=True)
    op.create_index("ix_mock_answers_attempt_id", "mock_answers", ["attempt_id"])
    op.create_index("ix_mock_answers_revlog_id", "mock_answers", ["revlog_id"])


def downgrade() -> None:
    op.drop_table("mock_answers")
    op.drop_table("mock_sessions")
