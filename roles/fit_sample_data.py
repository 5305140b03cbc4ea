"""Sample role-fit questionnaire: ten questions about what a developer enjoys in a working week.

Weights (0-5) follow the content brief's signals: product features point to AI Engineer and
GenAI Developer, autonomy and orchestration to Agentic AI Engineer, customers and delivery to
Forward Deployed Engineer, modelling, data and maths to ML Engineer. AI Engineer leans to
reliability, evals and cost; GenAI Developer to user-facing generative features and fast iteration.
"""

AI = "ai-engineer"
ML = "ml-engineer"
GENAI = "genai-developer"
AGENTIC = "agentic-ai-engineer"
FDE = "forward-deployed-engineer"

QUESTIONS = [
    {
        "text": "It's Friday afternoon. Which of these would make it a good week?",
        "help_text": "",
        "choices": [
            ("A feature you built went live and people are already using it", {GENAI: 5, AI: 2}),
            ("Your service got faster and cheaper, and you have the numbers to prove it", {AI: 5, ML: 1}),
            ("Your model beat the baseline on data it had never seen", {ML: 5}),
            ("An agent you built finished a long, multi-step task without anyone stepping in", {AGENTIC: 5, AI: 1}),
            ("A client signed off on the pilot you scoped with them on Monday", {FDE: 5}),
        ],
    },
    {
        "text": "Which problem would you happily spend a whole day on?",
        "help_text": "",
        "choices": [
            ("Working out why search returns the wrong paragraphs for some questions", {AI: 4, GENAI: 2}),
            ("Finding out why a model's accuracy drops on last month's data", {ML: 5}),
            ("Stopping an agent from going round in circles when a tool call fails", {AGENTIC: 5, AI: 1}),
            ("Turning a customer's vague wish list into something you can build in two weeks", {FDE: 5}),
            ("Making a writing assistant's suggestions feel natural inside the editor", {GENAI: 5}),
        ],
    },
    {
        "text": "How much maths do you want in your job?",
        "help_text": "Be honest: there is no wrong answer.",
        "choices": [
            ("Plenty: statistics, linear algebra and optimisation are the fun part", {ML: 5}),
            ("Enough to read an evaluation report and know whether to trust it", {AI: 3, AGENTIC: 2, GENAI: 1}),
            ("Mostly quick sums: cost per request, latency budgets, token counts", {AI: 2, GENAI: 2, AGENTIC: 1}),
            ("As little as possible; I'd rather spend the time with users", {FDE: 4, GENAI: 2}),
        ],
    },
    {
        "text": "A new model is released. What do you do first?",
        "help_text": "",
        "choices": [
            ("Read the technical report, then test it on your own data", {ML: 4, AI: 1}),
            ("Build a quick demo feature with it and put it in front of a few users", {GENAI: 5, AI: 1}),
            ("Run it through your evaluation suite and compare quality, cost and latency", {AI: 5}),
            ("Check whether it plans and calls tools more reliably than the one you use now", {AGENTIC: 5}),
            ("Show it to a customer and ask where it could save their team time", {FDE: 5}),
        ],
    },
    {
        "text": "Which of these would you most like to be responsible for?",
        "help_text": "",
        "choices": [
            ("The training pipeline and the registry of model versions", {ML: 5}),
            ("The internal API that every product team uses to call models", {AI: 5}),
            ("The assistant that users chat with inside the product", {GENAI: 5, AI: 1}),
            ("The workflow engine where agents pass work to tools and to each other", {AGENTIC: 5, AI: 1}),
            ("Three key customers and getting their roll-out over the line", {FDE: 5}),
        ],
    },
    {
        "text": "How much of your week do you want to spend with people outside your team?",
        "help_text": "Customers, users, partners: anyone who is not an engineer on your team.",
        "choices": [
            ("A lot: workshops, calls and visits to customers most weeks", {FDE: 5}),
            ("Some: chatting with users to shape the next feature", {GENAI: 3, AI: 1}),
            ("A little: I mostly work with other engineers", {AI: 2, AGENTIC: 2, ML: 1}),
            ("Very little: I like long, focused stretches with data and experiments", {ML: 3, AGENTIC: 1}),
        ],
    },
    {
        "text": "Something you built misbehaves in production. Where do you look first?",
        "help_text": "",
        "choices": [
            ("The traces: which call was slow, which prompt changed, what it cost", {AI: 5, GENAI: 1}),
            ("The data: has the input drifted away from what the model was trained on?", {ML: 5}),
            ("The agent's step log: which tool it picked, and why", {AGENTIC: 5}),
            ("The user: a quick call to see what they were really trying to do", {FDE: 4, GENAI: 2}),
        ],
    },
    {
        "text": "Which sentence sounds most like you?",
        "help_text": "",
        "choices": [
            ("I like seeing people use something I made the same week", {GENAI: 4, FDE: 2}),
            ("I like systems that keep working at 3 a.m. without me", {AI: 4, ML: 1}),
            ("I like letting software make its own decisions, inside firm limits", {AGENTIC: 5}),
            ("I like knowing exactly why a number went up or down", {ML: 4, AI: 1}),
            ("I like being the person the customer calls when something matters", {FDE: 5}),
        ],
    },
    {
        "text": "Pick the side project you would start this weekend.",
        "help_text": "",
        "choices": [
            ("Fine-tune a small open model on a dataset you cleaned yourself", {ML: 5}),
            ("A browser extension that drafts email replies in your own style", {GENAI: 5}),
            ("An assistant that books, moves and confirms meetings on its own", {AGENTIC: 5}),
            ("A question-answering service over your team's docs, with a test set to score it", {AI: 5, GENAI: 1}),
            ("A small AI tool for a local business, built with the owner over two evenings", {FDE: 5, GENAI: 1}),
        ],
    },
    {
        "text": "The requirements are vague. How do you feel?",
        "help_text": "",
        "choices": [
            ("Good: I'll go and find out what the real problem is", {FDE: 5}),
            ("Fine, as long as I can ship a first version and learn from feedback", {GENAI: 4, AI: 1}),
            ("I'd rather have a clear spec and make the thing robust", {AI: 3, AGENTIC: 1}),
            ("I'd rather have a clear metric to push up", {ML: 4}),
            ("Fine, if I can split the job into steps and put a check after each one", {AGENTIC: 4, AI: 1}),
        ],
    },
]
