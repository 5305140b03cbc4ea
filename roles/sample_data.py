"""Sample content for AI Career Hub.

Plain Python data only: skill areas, roles, comparison dimensions and cells,
curated comparisons and the spectrum explainer. Fields marked "md" in the
content plan may contain markdown; everything else is plain text.

Facts follow the project content brief. Wording is original to this site.
"""

SPECTRUM = {
    "left_label": "Builds the model",
    "right_label": "Builds with the model",
    "explainer": (
        "Most AI job titles sort along one line. At the left end, people train, tune "
        "and serve models, so their days revolve around data, statistics and training "
        "infrastructure. At the right end, people take an existing model (usually an "
        "LLM behind an API) and turn it into a product: retrieval, tool calls, evals, "
        "cost and latency. If you already ship software, the right-hand side reuses "
        "most of what you know, which is why it is usually the quicker switch."
    ),
}

SKILL_AREAS = [
    {
        "slug": "software-engineering",
        "name": "Software engineering & APIs",
        "description": (
            "Designing services, writing tested code, building and consuming APIs, "
            "handling errors, retries and deployments."
        ),
    },
    {
        "slug": "llm-patterns",
        "name": "LLM application patterns",
        "description": (
            "Retrieval-augmented generation, function calling, structured output, prompt design and context management."
        ),
    },
    {
        "slug": "agent-orchestration",
        "name": "Agent orchestration",
        "description": (
            "Planning loops, tool selection, memory, guardrails and multi-step "
            "workflows, plus knowing when a fixed pipeline is the better choice."
        ),
    },
    {
        "slug": "evals-observability",
        "name": "Evals & observability",
        "description": (
            "Test sets, automated and human grading, tracing, monitoring quality, cost and latency in production."
        ),
    },
    {
        "slug": "model-training",
        "name": "Data prep & model training",
        "description": (
            "Cleaning and labeling data, feature engineering, training, tuning and "
            "evaluating models against held-out data."
        ),
    },
    {
        "slug": "maths-statistics",
        "name": "Maths & statistics",
        "description": (
            "Linear algebra, probability, optimization and the statistics needed to trust a metric or an experiment."
        ),
    },
    {
        "slug": "mlops-serving",
        "name": "MLOps & model serving",
        "description": (
            "Training pipelines, model registries, reproducibility, GPU serving, drift monitoring and retraining."
        ),
    },
    {
        "slug": "customer-delivery",
        "name": "Customer discovery & comms",
        "description": (
            "Interviewing users, scoping problems, running demos, writing clearly and "
            "explaining trade-offs to non-engineers."
        ),
    },
]

ROLES = [
    # ------------------------------------------------------------------ AI Engineer
    {
        "slug": "ai-engineer",
        "name": "AI Engineer",
        "summary": "Ships production software that uses existing models, usually LLMs, as reliable components.",
        "also_called": [
            "Applied AI Engineer",
            "LLM Engineer",
            "AI Software Engineer",
        ],
        "parent": None,
        "spectrum_position": 70,
        "description": (
            "An AI engineer takes models someone else has trained and wires them into "
            "real software. The job covers integration, API design, deployment and "
            "monitoring: connecting an LLM to company data, making its output "
            "predictable enough for other code to consume, and keeping the whole thing "
            "fast and affordable.\n\n"
            "The role sits firmly on the builds-with-the-model side. You rarely touch "
            "training code; your leverage comes from architecture, evaluation and "
            "ordinary engineering discipline. It is the natural first target for a "
            "working developer, and the base that GenAI and agentic roles specialize from."
        ),
        "optimizes_for": (
            "- Retrieval pipelines (RAG) that return the right context, not just similar text\n"
            "- Function calling and structured output that downstream code can trust\n"
            "- Evals that catch regressions before users do\n"
            "- Observability: traces, logs and quality dashboards for every model call\n"
            "- Cost and latency per request, with caching and model routing where it pays\n"
            "- Clean service boundaries so a model swap does not mean a rewrite"
        ),
        "typical_week": (
            "- **Monday:** review last week's traces and flag the worst-answered queries\n"
            "- **Tuesday:** add those queries to the eval set and fix chunking in the retrieval step\n"
            "- **Wednesday:** ship a new tool-calling endpoint behind a feature flag\n"
            "- **Thursday:** compare two models on quality, cost and latency using the eval suite\n"
            "- **Friday:** write up the trade-offs for the team and tidy the deployment pipeline"
        ),
        "pick_if": [
            "you enjoy shipping features that users touch every day",
            "you like turning a flaky prototype into a reliable service",
            "you would rather design systems than tune hyperparameters",
            "you want the quickest route from your current developer job into AI work",
        ],
        "skill_levels": {
            "software-engineering": 5,
            "llm-patterns": 5,
            "agent-orchestration": 3,
            "evals-observability": 4,
            "model-training": 2,
            "maths-statistics": 2,
            "mlops-serving": 2,
            "customer-delivery": 2,
        },
        "roadmap": [
            {
                "title": "Call a model from code",
                "body": (
                    "Use an OpenAI or Anthropic SDK from a small Python or TypeScript "
                    "service. Handle timeouts, retries, streaming and token limits."
                ),
                "duration": "1 week",
            },
            {
                "title": "Get structured output and tool calls right",
                "body": (
                    "Return JSON validated against a schema (Pydantic or Zod) and let the "
                    "model call one or two of your own functions. Log every failure."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Build a RAG pipeline",
                "body": (
                    "Chunk and embed a real document set, store it in pgvector or another "
                    "vector database, and answer questions with citations."
                ),
                "duration": "2-3 weeks",
            },
            {
                "title": "Write evals before you tune",
                "body": (
                    "Collect 50-100 realistic questions with expected answers. Score "
                    "retrieval and answers automatically so every change gets a number."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Add tracing and cost tracking",
                "body": (
                    "Instrument model calls with OpenTelemetry or an LLM tracing tool. "
                    "Record tokens, latency and cost per request."
                ),
                "duration": "1 week",
            },
            {
                "title": "Deploy and operate it",
                "body": (
                    "Containerize the service, deploy it to a cloud platform, and set "
                    "alerts on error rate, latency and spend."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Write up your trade-offs",
                "body": (
                    "Publish a short design note: what you measured, what you changed, "
                    "what you would do next. Interviewers ask about exactly this."
                ),
                "duration": "3-5 days",
            },
        ],
        "projects": [
            {
                "title": "Docs assistant with citations",
                "summary": (
                    "Build a question-answering service over a public documentation set "
                    "that cites the passages it used. It shows you can do retrieval, "
                    "prompting and basic evals end to end."
                ),
                "difficulty": "starter",
                "skills": ["software-engineering", "llm-patterns", "evals-observability"],
            },
            {
                "title": "Support-ticket triage API",
                "summary": (
                    "Classify incoming tickets, extract fields into a strict schema and "
                    "route them, with an eval set and a cost-per-ticket dashboard. It "
                    "proves you can make model output reliable enough for other systems."
                ),
                "difficulty": "intermediate",
                "skills": [
                    "software-engineering",
                    "llm-patterns",
                    "evals-observability",
                    "mlops-serving",
                ],
            },
            {
                "title": "Model router with quality gates",
                "summary": (
                    "Send each request to a cheap or a strong model based on difficulty, "
                    "and block releases when eval scores drop. It demonstrates cost "
                    "control and production judgment, not just a working demo."
                ),
                "difficulty": "advanced",
                "skills": [
                    "software-engineering",
                    "llm-patterns",
                    "evals-observability",
                    "maths-statistics",
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ ML Engineer
    {
        "slug": "ml-engineer",
        "name": "ML Engineer",
        "summary": "Trains, tunes, evaluates and serves models, and owns the data and infrastructure around them.",
        "also_called": [
            "Machine Learning Engineer",
            "MLOps Engineer",
            "Applied Scientist",
        ],
        "parent": None,
        "spectrum_position": 10,
        "description": (
            "An ML engineer produces the models. That means building data and feature "
            "pipelines, training and tuning models, measuring them honestly on held-out "
            "data, and getting them into production with versioning, monitoring and "
            "retraining in place.\n\n"
            "This is the builds-the-model end of the spectrum. The work leans on "
            "statistics, maths and infrastructure more than on product code. It suits "
            "developers who enjoy the modeling layer itself and are ready for a longer "
            "ramp-up than the application-side roles."
        ),
        "optimizes_for": (
            "- Data quality: clean labels, no leakage, sensible splits\n"
            "- Rigorous training and evaluation, with metrics you can defend\n"
            "- Reproducible experiments and a clear model lifecycle\n"
            "- Serving infrastructure that meets latency and throughput targets\n"
            "- Monitoring for drift, with a plan for retraining"
        ),
        "typical_week": (
            "- **Monday:** investigate a drop in a production model's precision\n"
            "- **Tuesday:** trace it to a schema change upstream and fix the feature pipeline\n"
            "- **Wednesday:** run a tuning sweep and log every run in the experiment tracker\n"
            "- **Thursday:** check the candidate against the baseline on a held-out slice\n"
            "- **Friday:** promote the model through the registry and watch the canary"
        ),
        "pick_if": [
            "you enjoy statistics and want to know why a model behaves as it does",
            "you like data work and are patient with slow feedback loops",
            "you want to own the model itself rather than the product around it",
        ],
        "skill_levels": {
            "software-engineering": 3,
            "llm-patterns": 1,
            "agent-orchestration": 0,
            "evals-observability": 3,
            "model-training": 5,
            "maths-statistics": 5,
            "mlops-serving": 5,
            "customer-delivery": 1,
        },
        "roadmap": [
            {
                "title": "Refresh the maths you will use",
                "body": (
                    "Linear algebra basics, probability, gradients and the statistics "
                    "behind confidence intervals and hypothesis tests."
                ),
                "duration": "3-4 weeks",
            },
            {
                "title": "Classical ML with scikit-learn",
                "body": (
                    "Train and compare linear models and gradient-boosted trees on tabular "
                    "data. Learn cross-validation and how leakage sneaks in."
                ),
                "duration": "3-4 weeks",
            },
            {
                "title": "Data and feature pipelines",
                "body": (
                    "Build a repeatable pipeline with pandas or Spark that validates its "
                    "inputs and produces versioned training sets."
                ),
                "duration": "2-3 weeks",
            },
            {
                "title": "Deep learning with PyTorch",
                "body": (
                    "Write a training loop yourself, then fine-tune a pretrained model. "
                    "Track every run in MLflow or Weights & Biases."
                ),
                "duration": "4-6 weeks",
            },
            {
                "title": "Serve a model",
                "body": (
                    "Wrap a trained model in FastAPI or a dedicated serving tool, containerize it and load-test it."
                ),
                "duration": "2 weeks",
            },
            {
                "title": "Close the lifecycle loop",
                "body": (
                    "Add a model registry, drift monitoring and a scheduled retraining "
                    "job. Document how a model gets promoted or rolled back."
                ),
                "duration": "2-3 weeks",
            },
        ],
        "projects": [
            {
                "title": "Churn model with an honest evaluation",
                "summary": (
                    "Train a churn or fraud classifier on a public tabular dataset, "
                    "compare it to a simple baseline and explain the metric you chose. "
                    "It proves you can avoid leakage and defend your numbers."
                ),
                "difficulty": "starter",
                "skills": ["model-training", "maths-statistics"],
            },
            {
                "title": "End-to-end training and serving pipeline",
                "summary": (
                    "Automate data validation, training, registry promotion and a served "
                    "endpoint, all reproducible from one command. It shows you can run "
                    "the whole model lifecycle, not just a notebook."
                ),
                "difficulty": "intermediate",
                "skills": ["model-training", "mlops-serving", "software-engineering"],
            },
            {
                "title": "Drift detection and retraining",
                "summary": (
                    "Simulate a shift in production data, detect it with statistical "
                    "tests and trigger retraining with a gated rollout. It demonstrates "
                    "you can keep a model healthy after launch."
                ),
                "difficulty": "advanced",
                "skills": [
                    "mlops-serving",
                    "maths-statistics",
                    "evals-observability",
                    "model-training",
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ GenAI Developer
    {
        "slug": "genai-developer",
        "name": "GenAI Developer",
        "summary": "An AI engineer focused on LLM-powered product features: prompting, retrieval and fast iteration.",
        "also_called": [
            "Generative AI Engineer",
            "LLM Application Developer",
            "AI Product Engineer",
        ],
        "parent": "ai-engineer",
        "spectrum_position": 75,
        "description": (
            "A GenAI developer builds the generative features people actually see: "
            "assistants, drafting tools, summaries, search that answers in sentences. "
            "Most of the work is prompt and retrieval design, light orchestration and a "
            "lot of quick iteration against real user feedback.\n\n"
            "It is a specialization of AI engineering, sitting a little further toward "
            "the product end. Expect more time on user experience and rapid experiments, "
            "and somewhat less on platform plumbing."
        ),
        "optimizes_for": (
            "- Prompt patterns that hold up across messy real inputs\n"
            "- Retrieval pipelines tuned for the questions users really ask\n"
            "- Light orchestration: chaining calls, tools and fallbacks\n"
            "- User-facing experience: streaming, citations, editing, graceful failure\n"
            "- Short iteration cycles, with evals to keep them honest"
        ),
        "typical_week": (
            "- **Monday:** read user feedback on the drafting feature and tag the failure types\n"
            "- **Tuesday:** try three prompt variants and score them on the eval set\n"
            "- **Wednesday:** add a reranking step so answers cite better sources\n"
            "- **Thursday:** build streaming output and an edit-and-retry control in the UI\n"
            "- **Friday:** demo the change to the product team and agree next week's experiment"
        ),
        "pick_if": [
            "you like rapid product iteration and seeing users react quickly",
            "you enjoy prompt and retrieval design more than infrastructure",
            "you care about how a generative feature feels to use",
        ],
        "skill_levels": {
            "software-engineering": 4,
            "llm-patterns": 5,
            "agent-orchestration": 2,
            "evals-observability": 3,
            "model-training": 1,
            "maths-statistics": 1,
            "mlops-serving": 1,
            "customer-delivery": 3,
        },
        "roadmap": [
            {
                "title": "Ship a small LLM feature",
                "body": (
                    "Add one generative feature, such as a summary or a rewrite, to an app "
                    "you already have. Stream the output to the UI."
                ),
                "duration": "1 week",
            },
            {
                "title": "Learn prompt patterns properly",
                "body": (
                    "Practice system prompts, few-shot examples, output schemas and "
                    "splitting one large prompt into smaller steps."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Add retrieval",
                "body": (
                    "Ground answers in your own content with embeddings, a vector store "
                    "and a reranker. Show sources next to each answer."
                ),
                "duration": "2-3 weeks",
            },
            {
                "title": "Measure before you iterate",
                "body": (
                    "Build a small eval set from real user inputs and score each prompt or retrieval change against it."
                ),
                "duration": "1 week",
            },
            {
                "title": "Orchestrate a multi-step flow",
                "body": (
                    "Chain calls with a tool such as LangChain or LlamaIndex, or plain "
                    "code, and add fallbacks for when a step fails."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Polish the user experience",
                "body": (
                    "Handle slow responses, refusals and wrong answers gracefully. Let "
                    "users correct the output and log what they change."
                ),
                "duration": "1-2 weeks",
            },
        ],
        "projects": [
            {
                "title": "Meeting-notes summarizer",
                "summary": (
                    "Turn a transcript into a summary, decisions and action items in a "
                    "fixed schema, with a simple web UI. It shows prompt design, "
                    "structured output and basic UX for generative features."
                ),
                "difficulty": "starter",
                "skills": ["llm-patterns", "software-engineering"],
            },
            {
                "title": "Product search that answers questions",
                "summary": (
                    "Combine keyword and vector search over a catalog, rerank results "
                    "and answer in plain language with links. It proves you can tune "
                    "retrieval against measured quality, not gut feel."
                ),
                "difficulty": "intermediate",
                "skills": ["llm-patterns", "evals-observability", "software-engineering"],
            },
        ],
    },
    # ------------------------------------------------------------------ Agentic AI Engineer
    {
        "slug": "agentic-ai-engineer",
        "name": "Agentic AI Engineer",
        "summary": "An AI engineer specialized in agents: planning, tool use, memory, guardrails and multi-step workflows.",
        "also_called": [
            "AI Agent Engineer",
            "Agent Developer",
            "Applied AI Engineer (Agents)",
        ],
        "parent": "ai-engineer",
        "spectrum_position": 82,
        "description": (
            "An agentic AI engineer builds systems where the model decides what to do "
            "next: which tool to call, what to remember, when to stop. On top of the "
            "usual AI engineering work, that means designing planning loops, tool "
            "interfaces, memory and guardrails, and testing behavior that can differ "
            "from one run to the next.\n\n"
            "It is a specialization of AI engineering on the builds-with-the-model side. "
            "A large part of the skill is restraint: recognizing when a fixed, "
            "predictable workflow will do the job better than an autonomous agent."
        ),
        "optimizes_for": (
            "- Planning loops that make progress and terminate\n"
            "- Tool design: clear schemas, safe side effects, useful error messages\n"
            "- Memory that keeps the right context without bloating every call\n"
            "- Guardrails, permissions and human approval for risky actions\n"
            "- Evals over whole trajectories, not single responses\n"
            "- Choosing a plain workflow when autonomy adds risk without value"
        ),
        "typical_week": (
            "- **Monday:** replay failed agent runs from traces and group them by cause\n"
            "- **Tuesday:** tighten a tool's schema and error messages so the agent recovers\n"
            "- **Wednesday:** replace an open-ended loop with a fixed three-step workflow\n"
            "- **Thursday:** add an approval step before the agent writes to production data\n"
            "- **Friday:** run the trajectory eval suite and compare success rate and cost"
        ),
        "pick_if": [
            "you like orchestration and designing how systems act on their own",
            "you enjoy debugging non-deterministic behavior",
            "you think carefully about safety, permissions and failure modes",
        ],
        "skill_levels": {
            "software-engineering": 4,
            "llm-patterns": 5,
            "agent-orchestration": 5,
            "evals-observability": 5,
            "model-training": 1,
            "maths-statistics": 1,
            "mlops-serving": 2,
            "customer-delivery": 1,
        },
        "roadmap": [
            {
                "title": "Master function calling",
                "body": (
                    "Give a model two or three well-described tools and handle bad "
                    "arguments, tool errors and retries in your own code."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Write a loop by hand",
                "body": (
                    "Build a plan, act, observe loop without a framework, with a step "
                    "limit and a clear stopping rule. You will understand frameworks better."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Move to a framework",
                "body": (
                    "Rebuild the same agent with LangGraph or a similar graph-based tool, "
                    "using explicit state and checkpoints."
                ),
                "duration": "2 weeks",
            },
            {
                "title": "Add memory and retrieval",
                "body": (
                    "Separate short-term conversation state from long-term memory, and "
                    "decide what gets stored, summarized or dropped."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Add guardrails and approvals",
                "body": (
                    "Validate inputs and outputs, restrict tool permissions and require "
                    "human approval for actions that are hard to undo."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Evaluate trajectories",
                "body": (
                    "Score task success, step count and cost over a fixed task set, and "
                    "trace every run so failures can be replayed."
                ),
                "duration": "2 weeks",
            },
            {
                "title": "Compare against a workflow",
                "body": (
                    "Build the same task as a fixed workflow and compare reliability, "
                    "latency and cost. Write down when each one wins."
                ),
                "duration": "1 week",
            },
        ],
        "projects": [
            {
                "title": "Research agent with a step budget",
                "summary": (
                    "An agent that searches, reads and writes a short cited report within "
                    "a fixed number of steps. It shows tool use, stopping rules and "
                    "tracing in a small, reviewable codebase."
                ),
                "difficulty": "starter",
                "skills": ["llm-patterns", "agent-orchestration", "software-engineering"],
            },
            {
                "title": "Agent versus workflow shoot-out",
                "summary": (
                    "Solve one business task, such as invoice handling, both as an agent "
                    "and as a fixed pipeline, then publish the eval results. It proves "
                    "you can choose an architecture on evidence."
                ),
                "difficulty": "intermediate",
                "skills": ["agent-orchestration", "evals-observability", "llm-patterns"],
            },
            {
                "title": "Multi-agent ops assistant with approvals",
                "summary": (
                    "A planner and worker agents that act on a sandboxed system, with "
                    "scoped permissions, human sign-off and trajectory evals. It "
                    "demonstrates safe autonomy under realistic constraints."
                ),
                "difficulty": "advanced",
                "skills": [
                    "agent-orchestration",
                    "evals-observability",
                    "software-engineering",
                    "mlops-serving",
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ Forward Deployed Engineer
    {
        "slug": "forward-deployed-engineer",
        "name": "Forward Deployed Engineer",
        "summary": "Works alongside customers to scope real problems and ship tailored AI solutions quickly.",
        "also_called": [
            "FDE",
            "Solutions Engineer (AI)",
            "Customer Engineer (AI)",
            "AI Deployment Engineer",
        ],
        "parent": None,
        "spectrum_position": 92,
        "description": (
            "A forward deployed engineer works with a customer's team, often on site or "
            "embedded in their channels. You find the problem worth solving, scope it, "
            "build a working solution on top of existing models and hand over "
            "something the customer can run.\n\n"
            "The role combines AI engineering with customer-facing delivery, so it sits "
            "at the far builds-with-the-model end. Customers rely on your judgment "
            "directly, which makes the job high in both trust and impact."
        ),
        "optimizes_for": (
            "- Discovery: finding the real problem behind the request\n"
            "- Scoping work to something that can ship in weeks\n"
            "- Demos that run on the customer's own data\n"
            "- Clear communication of limits, risks and trade-offs\n"
            "- Delivery and handover the customer's team can maintain"
        ),
        "typical_week": (
            "- **Monday:** discovery call with the customer's operations lead\n"
            "- **Tuesday:** map their data sources and agree a narrow first use case\n"
            "- **Wednesday:** build a prototype against a sample of their documents\n"
            "- **Thursday:** demo it, collect objections and adjust the scope\n"
            "- **Friday:** write the delivery plan and pass product feedback to the core team"
        ),
        "pick_if": [
            "you enjoy talking with customers as much as writing code",
            "you like delivering visible results on short timelines",
            "you are comfortable switching context between different problems",
            "you can explain technical limits to non-engineers without jargon",
        ],
        "skill_levels": {
            "software-engineering": 4,
            "llm-patterns": 4,
            "agent-orchestration": 3,
            "evals-observability": 3,
            "model-training": 1,
            "maths-statistics": 1,
            "mlops-serving": 1,
            "customer-delivery": 5,
        },
        "roadmap": [
            {
                "title": "Build the AI engineering base",
                "body": (
                    "Be able to build a RAG service with tool calls and evals on your own. "
                    "Customers judge you on working software."
                ),
                "duration": "4-6 weeks",
            },
            {
                "title": "Practice discovery",
                "body": (
                    "Interview a few people about a workflow they find painful. Write up "
                    "the problem, the data involved and what success would look like."
                ),
                "duration": "1-2 weeks",
            },
            {
                "title": "Prototype in days, not weeks",
                "body": (
                    "Take one scoped problem from idea to clickable demo within a week, "
                    "using managed services where they save time."
                ),
                "duration": "1 week",
            },
            {
                "title": "Run a demo and gather feedback",
                "body": (
                    "Present to someone non-technical, note every question and objection, "
                    "and turn them into the next iteration's scope."
                ),
                "duration": "3-5 days",
            },
            {
                "title": "Handle real constraints",
                "body": (
                    "Work through messy data, access limits and security reviews. Learn "
                    "how authentication, data residency and audit logs affect a design."
                ),
                "duration": "2 weeks",
            },
            {
                "title": "Deliver and hand over",
                "body": (
                    "Ship with documentation, a runbook and an eval suite so another team "
                    "can operate and improve the solution after you leave."
                ),
                "duration": "1-2 weeks",
            },
        ],
        "projects": [
            {
                "title": "Scoped solution for a real small business",
                "summary": (
                    "Find a local business or non-profit with a document-heavy task and "
                    "build them a small assistant. It shows you can run discovery, scope "
                    "tightly and deliver something people use."
                ),
                "difficulty": "starter",
                "skills": ["customer-delivery", "llm-patterns", "software-engineering"],
            },
            {
                "title": "Deployment kit with a written case study",
                "summary": (
                    "Package a configurable RAG and tool-calling solution that deploys to "
                    "a new client's data in a day, and write a case study of one "
                    "deployment. It proves delivery speed and clear communication."
                ),
                "difficulty": "intermediate",
                "skills": [
                    "customer-delivery",
                    "software-engineering",
                    "llm-patterns",
                    "evals-observability",
                ],
            },
        ],
    },
]

DIMENSIONS = [
    {
        "slug": "main-focus",
        "name": "Main focus",
        "help_text": "What the role is mainly responsible for delivering.",
    },
    {
        "slug": "daily-work",
        "name": "Daily work",
        "help_text": "What a normal working day mostly consists of.",
    },
    {
        "slug": "core-skills",
        "name": "Core skills",
        "help_text": "The skills that matter most for doing the job well.",
    },
    {
        "slug": "tools",
        "name": "Typical tools",
        "help_text": "Widely used tools you are likely to meet. Stacks vary by company.",
    },
    {
        "slug": "maths-depth",
        "name": "Maths depth",
        "help_text": "How much maths and statistics the day-to-day work demands.",
    },
    {
        "slug": "background",
        "name": "Common background",
        "help_text": "Where people in this role often come from.",
    },
    {
        "slug": "starter-project",
        "name": "Starter project",
        "help_text": "A first portfolio project that signals fit for the role.",
    },
    {
        "slug": "interview-focus",
        "name": "Interview focus",
        "help_text": "What interviews for this role tend to probe.",
    },
]

CELLS = {
    "main-focus": {
        "ai-engineer": "Production applications built on existing models, with reliable integration, evals, monitoring, cost and latency.",
        "ml-engineer": "Training, tuning, evaluating and serving models, plus the data pipelines and MLOps around them.",
        "genai-developer": "User-facing generative features: prompts, retrieval and quick iteration on what users see.",
        "agentic-ai-engineer": "Agents that plan and use tools safely, and deciding when a fixed workflow is the better design.",
        "forward-deployed-engineer": "Scoping customer problems and shipping tailored AI solutions that work on their data and systems.",
    },
    "daily-work": {
        "ai-engineer": "Writing service code, tuning retrieval, adding eval cases, reading traces and watching cost dashboards.",
        "ml-engineer": "Cleaning data, running experiments, comparing metrics, maintaining pipelines and watching models in production.",
        "genai-developer": "Testing prompt variants, improving retrieval, building UI for streamed answers and reviewing user feedback.",
        "agentic-ai-engineer": "Designing tools, debugging agent runs from traces, tightening guardrails and running trajectory evals.",
        "forward-deployed-engineer": "Customer calls, fast prototyping, demos, integration work with client systems and writing delivery plans.",
    },
    "core-skills": {
        "ai-engineer": "Backend engineering, RAG, function calling, structured output, evals and observability.",
        "ml-engineer": "Statistics, data engineering, model training and evaluation, experiment tracking and model serving.",
        "genai-developer": "Prompt design, retrieval pipelines, light orchestration, frontend sense and fast experimentation.",
        "agentic-ai-engineer": "Tool and state design, planning loops, memory, guardrails and evaluation of multi-step behavior.",
        "forward-deployed-engineer": "Solid AI engineering plus discovery, scoping, demos and clear written and spoken communication.",
    },
    "tools": {
        "ai-engineer": "Python or TypeScript, FastAPI, OpenAI and Anthropic APIs, pgvector, Docker, OpenTelemetry.",
        "ml-engineer": "Python, pandas, scikit-learn, PyTorch, MLflow, Airflow, Docker, Kubernetes.",
        "genai-developer": "Python or TypeScript, OpenAI and Anthropic APIs, LangChain or LlamaIndex, a vector database, React.",
        "agentic-ai-engineer": "Python, LangGraph, OpenAI and Anthropic tool calling, Redis or Postgres for state, OpenTelemetry tracing.",
        "forward-deployed-engineer": "Python, cloud AI services, OpenAI and Anthropic APIs, SQL, Docker, plus slides and docs for the customer.",
    },
    "maths-depth": {
        "ai-engineer": "Light. Enough statistics to read eval results and know when a difference is noise.",
        "ml-engineer": "Deep. Linear algebra, probability, optimization and experimental statistics are everyday tools.",
        "genai-developer": "Light. Basic statistics for comparing prompt and retrieval variants.",
        "agentic-ai-engineer": "Light. Some probability helps when reasoning about success rates over many runs.",
        "forward-deployed-engineer": "Light. Enough to explain accuracy and error rates to a customer honestly.",
    },
    "background": {
        "ai-engineer": "Backend or full-stack developers who have shipped production services.",
        "ml-engineer": "Data scientists, data engineers, or developers with a quantitative degree.",
        "genai-developer": "Full-stack or frontend developers who like product work.",
        "agentic-ai-engineer": "AI engineers or backend developers with distributed systems or automation experience.",
        "forward-deployed-engineer": "Developers who have done consulting, solutions or support engineering, or client-facing projects.",
    },
    "starter-project": {
        "ai-engineer": "A docs assistant that answers with citations, backed by a small eval set.",
        "ml-engineer": "A tabular classifier compared against a baseline, with a clear explanation of the chosen metric.",
        "genai-developer": "A meeting-notes summarizer that returns decisions and action items in a fixed schema.",
        "agentic-ai-engineer": "A research agent with a step budget that writes a short cited report.",
        "forward-deployed-engineer": "A small assistant built for a real local business, scoped after talking to its staff.",
    },
    "interview-focus": {
        "ai-engineer": "System design for an LLM feature, RAG trade-offs, eval strategy, cost and latency, plus normal coding rounds.",
        "ml-engineer": "ML fundamentals, statistics, data leakage, model evaluation, ML system design and coding.",
        "genai-developer": "Prompt and retrieval design, handling bad outputs, building a feature live, product sense.",
        "agentic-ai-engineer": "Agent architecture, tool design, failure handling, guardrails, and when you would not use an agent.",
        "forward-deployed-engineer": "A mock customer scoping session, a fast build exercise and explaining trade-offs to non-engineers.",
    },
}

CURATED_COMPARISONS = [
    {
        "roles": ["ai-engineer", "ml-engineer", "genai-developer"],
        "featured": True,
        "title": "Choosing between AI Engineer, ML Engineer and GenAI Developer",
        "quick_answer": (
            "- **AI Engineer:** builds production apps around existing models, owning "
            "integration, APIs, deployment and monitoring.\n"
            "- **ML Engineer:** builds the models themselves, owning data, training, "
            "evaluation and the serving lifecycle.\n"
            "- **GenAI Developer:** an AI engineer who concentrates on LLM product "
            "features, prompts and retrieval, iterating quickly with users."
        ),
        "how_to_decide": (
            "Start from the work you want on a normal Tuesday, not from the title. If "
            "you already ship software, AI Engineer or GenAI Developer is usually the "
            "shorter path; ML Engineer pays off if the modeling layer is what excites you.\n\n"
            "- Choose **AI Engineer** if you like making model-backed features dependable inside products and business workflows.\n"
            "- Choose **ML Engineer** if you want to work on the model itself, with data, statistics and measurement at the centre.\n"
            "- Choose **GenAI Developer** if you enjoy quick LLM product experiments and designing prompts and retrieval.\n"
            "- Then keep it narrow: commit to one lane, one next certification and one project. "
            "Finish a full certification-and-project cycle before you consider changing lanes."
        ),
        "faqs": [
            {
                "question": "Is a GenAI Developer just an AI Engineer with a different title?",
                "answer": (
                    "Mostly, yes. It is a specialization: the same foundations, with more "
                    "time on generative product features, prompt patterns and user "
                    "experience, and less on platform plumbing."
                ),
            },
            {
                "question": "Do I need a maths degree for any of these?",
                "answer": (
                    "Not for AI Engineer or GenAI Developer, where basic statistics for "
                    "reading eval results is usually enough. ML Engineer is different: "
                    "expect to use probability, linear algebra and experimental "
                    "statistics regularly."
                ),
            },
            {
                "question": "Which is the fastest switch for a backend developer?",
                "answer": (
                    "AI Engineer. Your service design, testing and deployment skills carry "
                    "over directly, and the new parts (RAG, tool calls, evals) build on "
                    "them. A working project with an eval set is the strongest signal you "
                    "can show."
                ),
            },
            {
                "question": "Can I move from AI Engineer to ML Engineer later?",
                "answer": (
                    "Yes, but budget real time for statistics, training and MLOps. Running "
                    "evals and watching production quality as an AI engineer is a useful "
                    "bridge, because measurement discipline matters in both roles."
                ),
            },
        ],
    },
    {
        "roles": ["ai-engineer", "agentic-ai-engineer"],
        "featured": False,
        "title": "AI Engineer vs Agentic AI Engineer",
        "quick_answer": (
            "- **AI Engineer:** builds reliable applications on existing models, with "
            "RAG, tool calls, evals and production monitoring.\n"
            "- **Agentic AI Engineer:** does all of that, then takes on systems that "
            "plan and act over several steps, with memory and guardrails."
        ),
        "how_to_decide": (
            "The agentic role is a specialization, so the question is whether you want "
            "to go deeper into autonomy or stay broad.\n\n"
            "- Stay with **AI Engineer** if you prefer predictable systems and a wide range of product work.\n"
            "- Move toward **Agentic AI Engineer** if orchestration, tool design and debugging non-deterministic runs sound fun.\n"
            "- Either way, pick one lane, one next certification and one project, and complete that cycle before switching."
        ),
        "faqs": [
            {
                "question": "Do I need to be an AI Engineer first?",
                "answer": (
                    "Not formally, but the agent work rests on the same base: function "
                    "calling, structured output, retrieval and evals. Most people get "
                    "those solid in ordinary LLM features before taking on agents."
                ),
            },
            {
                "question": "When does a fixed workflow beat an agent?",
                "answer": (
                    "When the steps are known in advance. A fixed sequence of model calls "
                    "is easier to test, cheaper and more predictable. Reach for an agent "
                    "only when the path really depends on what the model discovers along "
                    "the way, and measure both options."
                ),
            },
            {
                "question": "How are agentic systems evaluated?",
                "answer": (
                    "Over whole runs rather than single answers: did the task succeed, "
                    "how many steps and tokens did it take, and did it stay within its "
                    "permissions. Traces of every run make failures reproducible."
                ),
            },
        ],
    },
]
