"""Newsletter workflows, one module per subject. Views, admin actions, commands and tasks each call
one keyword-only function of these:

- subscriptions: signing up, confirming, unsubscribing, pruning;
- sending: issues to subscribers, scheduling, test sends;
- errors: which mail errors are retried and how they are shown;
- subscriber_csv: CSV export and import of the list.
"""
