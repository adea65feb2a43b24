"""Claims the förbund makes from the books: momsersättning (lag 2005:807) and ESF claims."""
