"""Message-queue providers of the common-messaging provider (event-driven DAGs)."""
