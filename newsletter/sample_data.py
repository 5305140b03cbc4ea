"""Sample newsletter issues: two already sent (they fill the archive) and one draft.

Plain data; the four sections are markdown. Written for this site.
"""

import datetime

ISSUES = [
    {
        "number": 1,
        "title": "Measure first: a small eval set beats a clever prompt",
        "preheader": "Thirty hand-checked questions will tell you more than a week of prompt tweaking.",
        "status": "sent",
        "sent_at": datetime.datetime(2026, 11, 5, 7, 0, tzinfo=datetime.UTC),
        "concept": """\
**An eval set is a unit test suite for behaviour you cannot assert with `==`.**

Collect 30 to 50 real inputs (support tickets, search queries, whatever your feature will see) and write down
what a good answer must contain, not the exact wording. Then score every change against it:

- *Reference checks* for facts: does the answer name the right plan, price or date?
- *Rubric checks* for style and safety, graded by a second model call with a short, strict rubric.
- *Refusal checks*: questions the feature must decline.

Run it in CI next to your other tests. When a prompt edit "feels better", the score either agrees or it does
not, and you stop arguing from three cherry-picked screenshots.
""",
        "architecture": """\
**Retrieval-augmented generation with a reranker, drawn out.**

1. **Ingest**: split documents on headings, 300 to 800 tokens per chunk, and keep the title and URL with each
   chunk. Store both an embedding and the raw text.
2. **Retrieve wide**: run keyword search (BM25) and vector search in parallel, take the top 20 of each and merge.
   Keyword search rescues product codes and error messages that embeddings blur.
3. **Rerank narrow**: a cross-encoder scores the 40 candidates against the question; keep the best 5.
4. **Generate with citations**: the prompt asks for an answer that cites chunk IDs, and the code rejects any
   citation that was not in the context.

The trade-off: the reranker adds 100 to 300 ms, and usually buys more answer quality than a bigger model would.
""",
        "project_idea": """\
**A documentation assistant that grades itself.**

Pick an open-source project with good docs (Django's or FastAPI's work well). Build the pipeline from this week's
architecture, then write 40 questions with expected facts and run them on every commit.

Scope it to a weekend: one ingestion script, one API endpoint, one eval script that prints a score table. The
part that impresses a hiring manager is the table in your README showing the score before and after you added
the reranker. Numbers show judgement; a chat screenshot does not.
""",
        "interview_question": """\
**"A user says the assistant gave a wrong answer. How do you find out why?"**

A strong answer splits the pipeline and checks each stage in order:

- Was the right document ingested at all, and is it current?
- Did retrieval return the relevant chunk? Look at the logged candidates and their scores.
- Did the reranker keep it?
- Given the right context, did the model still answer wrongly? Replay the exact prompt.

Then the fix goes where the fault was, and the question joins the eval set so it cannot come back unnoticed.
""",
    },
    {
        "number": 2,
        "title": "Structured output, and when a workflow beats an agent",
        "preheader": "Make the model fill in a form, not write an essay, and keep the loop in your code.",
        "status": "sent",
        "sent_at": datetime.datetime(2026, 11, 12, 7, 0, tzinfo=datetime.UTC),
        "concept": """\
**Structured output: ask for data, validate it like any other input.**

Most model APIs can now hold a reply to a JSON schema. Define the schema once with Pydantic (or Zod), pass it to
the API, and parse the reply with the same class. Three habits make it robust:

- Keep fields few and flat; every optional field is a place for the model to guess.
- Use enums for anything your code branches on (`"refund" | "exchange" | "other"`).
- Validate anyway, and on failure retry once with the validation error in the prompt before giving up.

Free text is for people. Anything your code reads should arrive as typed data.
""",
        "architecture": """\
**A fixed workflow with one model-driven step, instead of an autonomous agent.**

For "read an incoming email and act on it", draw the steps as code:

1. Classify the email (structured output, one enum).
2. Extract the fields that class needs (structured output, one schema per class).
3. Look up the customer and order with ordinary queries.
4. Draft a reply for a person to approve.

Every step is testable on its own and the cost per email is known in advance. Reach for an agent, a loop where the
model chooses tools, only when the steps genuinely cannot be known ahead of time, and then give it a step budget,
a narrow tool list and a log of every call.
""",
        "project_idea": """\
**An invoice reader with a confidence gate.**

Take twenty PDF invoices from different suppliers. Extract supplier, date, total, currency and line items into a
schema, and check the arithmetic in code: do the lines add up to the total? Anything that fails a check or leaves
a field empty goes to a review queue instead of the database.

Report three numbers: fields right on first pass, invoices sent to review, and errors that slipped through. That
last one is what a finance team will ask about first.
""",
        "interview_question": """\
**"When would you not build an agent?"**

Good answers are concrete: when the steps are known, when every action must be auditable, when latency or cost
per request has a hard ceiling, or when a wrong tool call is expensive (payments, deletions, emails to customers).

The best candidates add how they would find out: build the fixed workflow first, measure where it fails, and give
the model more freedom only at those points.
""",
    },
    {
        "number": 3,
        "title": "Paying less per answer: caching, routing and budgets",
        "preheader": "Most LLM bills shrink by half without touching answer quality. Here is where to look.",
        "status": "draft",
        "sent_at": None,
        "concept": """\
**Prompt caching versus response caching.**

*Prompt caching* (offered by the model providers) reuses the processed prefix of a prompt: put the long, stable
part first (instructions, tool definitions, reference documents) and the changing question last. Repeated prefixes
then cost a fraction and return faster.

*Response caching* is yours: store the final answer keyed by a normalised question. Exact-match caching is safe;
"semantic" caching by embedding similarity needs a strict threshold and an eval, because two questions that look
alike can need different answers.
""",
        "architecture": """\
**An LLM gateway between your services and the providers.**

One small internal service that every model call goes through. It owns the API keys, applies per-team budgets,
retries with backoff, falls back to a second provider on outage, and logs tokens, latency and cost per feature.

Routing lives here too: a cheap model answers first, and the request is escalated to a stronger one only when a
check fails (invalid structured output, low retrieval score). The gateway is also the one place to add caching.
""",
        "project_idea": """\
**A cost dashboard for your own side project.**

Wrap your model client so that every call records feature name, model, input and output tokens, latency and price.
Plot cost per feature per day, then try two changes: reorder prompts for prefix caching and route easy requests to
a smaller model. Publish the before and after, with your eval score next to each, to show quality held.
""",
        "interview_question": """\
**"Your feature's LLM bill tripled last month. Walk me through what you do."**

Look for a method: break cost down by feature and by prompt version, check for retry storms and runaway agent
loops, compare tokens per request over time, then pick fixes by effort: caching, shorter context, smaller models
for easy cases, and output limits.
""",
    },
]
