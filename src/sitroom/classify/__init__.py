"""A small CPU-fast text classifier for ACLED sub-event types, consulted where the event rules are
unsure. numpy only: hashed n-gram features and a multinomial logistic regression."""
