"""PostgreSQL: connections, migrations, and all the SQL the app runs."""
