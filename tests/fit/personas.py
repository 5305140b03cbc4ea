"""Ten people with clear preferences, written for the calibration tests.

Each persona: a short description, the answers such a person gives to the sample
statements (1 strongly disagree ... 5 strongly agree, keyed by a short name per statement
in the order of roles/fit/content/questionnaire.toml), why, the role expected first and the
roles acceptable second.
"""

from dataclasses import dataclass

# The sample statements in order, by a short name.
STATEMENTS = [
    "own_model",  # rather train a model of my own than call one through an API
    "training_runs",  # comparing training runs sounds like a good afternoon
    "hosted_is_fine",  # happy not knowing how a hosted model was trained (lowers model)
    "significance",  # checking whether a difference is statistically real
    "messy_data",  # digging through a messy dataset
    "skip_maths",  # would skip the maths (lowers maths)
    "change_from_usage",  # changing a feature within days because of what users did
    "feel_over_servers",  # how a feature feels over how it runs (product up, platform down)
    "rough_first",  # releasing a rough first version early
    "steps_and_tools",  # designing how an AI system breaks a task into steps and picks tools
    "autonomy",  # deciding how much freedom software should have to act
    "trace_steps",  # tracing why a system took ten steps to a wrong answer (agents, platform)
    "faster_cheaper",  # making a service faster and cheaper to run
    "on_call",  # being called when a production system fails
    "customer_week",  # spending much of the week with customers
    "live_demo",  # running a live demo for a client
    "clear_spec",  # rather build from a clear specification (lowers customer and product)
]


@dataclass(frozen=True)
class Persona:
    name: str
    description: str
    why: str
    expected: str
    acceptable_second: tuple
    answers: dict


PERSONAS = [
    Persona(
        "Data scientist",
        "Three years of analysis and model building; wants to own training and evaluation.",
        "Trains models and checks significance for fun; little interest in users or customers.",
        "ml-engineer",
        ("ai-engineer", "agentic-ai-engineer"),
        {
            "own_model": 5,
            "training_runs": 5,
            "hosted_is_fine": 1,
            "significance": 5,
            "messy_data": 5,
            "skip_maths": 1,
            "change_from_usage": 2,
            "feel_over_servers": 2,
            "rough_first": 2,
            "steps_and_tools": 2,
            "autonomy": 2,
            "trace_steps": 3,
            "faster_cheaper": 4,
            "on_call": 3,
            "customer_week": 1,
            "live_demo": 2,
            "clear_spec": 4,
        },
    ),
    Persona(
        "Back-end engineer",
        "Runs payment services; wants to put language models into production systems.",
        "Cares about latency, cost and being on call; happy to use hosted models; some interest in agents.",
        "ai-engineer",
        ("agentic-ai-engineer",),
        {
            "own_model": 2,
            "training_runs": 2,
            "hosted_is_fine": 4,
            "significance": 3,
            "messy_data": 2,
            "skip_maths": 3,
            "change_from_usage": 3,
            "feel_over_servers": 2,
            "rough_first": 3,
            "steps_and_tools": 3,
            "autonomy": 3,
            "trace_steps": 4,
            "faster_cheaper": 5,
            "on_call": 5,
            "customer_week": 2,
            "live_demo": 2,
            "clear_spec": 4,
        },
    ),
    Persona(
        "Front-end developer",
        "Builds web apps; wants to make generative features people enjoy using.",
        "Lives for user feedback and quick releases; would rather not train models or be on call.",
        "genai-developer",
        ("forward-deployed-engineer",),
        {
            "own_model": 1,
            "training_runs": 1,
            "hosted_is_fine": 5,
            "significance": 2,
            "messy_data": 2,
            "skip_maths": 4,
            "change_from_usage": 5,
            "feel_over_servers": 5,
            "rough_first": 5,
            "steps_and_tools": 3,
            "autonomy": 2,
            "trace_steps": 2,
            "faster_cheaper": 2,
            "on_call": 1,
            "customer_week": 3,
            "live_demo": 3,
            "clear_spec": 2,
        },
    ),
    Persona(
        "Automation engineer",
        "Writes workflow automation; fascinated by systems that plan and use tools.",
        "Designing plans, tool use and autonomy is the draw; comfortable running what they build.",
        "agentic-ai-engineer",
        ("ai-engineer",),
        {
            "own_model": 1,
            "training_runs": 2,
            "hosted_is_fine": 4,
            "significance": 2,
            "messy_data": 2,
            "skip_maths": 3,
            "change_from_usage": 3,
            "feel_over_servers": 2,
            "rough_first": 3,
            "steps_and_tools": 5,
            "autonomy": 5,
            "trace_steps": 5,
            "faster_cheaper": 4,
            "on_call": 4,
            "customer_week": 2,
            "live_demo": 2,
            "clear_spec": 3,
        },
    ),
    Persona(
        "Consultant developer",
        "Builds bespoke software for clients and enjoys the client side most.",
        "Customers, demos and working out what is needed; no wish to train models.",
        "forward-deployed-engineer",
        ("genai-developer",),
        {
            "own_model": 1,
            "training_runs": 1,
            "hosted_is_fine": 5,
            "significance": 2,
            "messy_data": 3,
            "skip_maths": 3,
            "change_from_usage": 4,
            "feel_over_servers": 3,
            "rough_first": 4,
            "steps_and_tools": 3,
            "autonomy": 3,
            "trace_steps": 3,
            "faster_cheaper": 3,
            "on_call": 3,
            "customer_week": 5,
            "live_demo": 5,
            "clear_spec": 1,
        },
    ),
    Persona(
        "Customers plus AI engineering",
        "An AI engineer who wants to spend the week with customers: the Forward Deployed Engineer mix.",
        "Five customer answers at the top of the scale plus AI-engineering answers (production, cost, "
        "tracing, tools): exactly an FDE, which the first questionnaire ranked behind AI Engineer.",
        "forward-deployed-engineer",
        ("ai-engineer",),
        {
            "own_model": 2,
            "training_runs": 2,
            "hosted_is_fine": 4,
            "significance": 2,
            "messy_data": 2,
            "skip_maths": 3,
            "change_from_usage": 3,
            "feel_over_servers": 2,
            "rough_first": 3,
            "steps_and_tools": 4,
            "autonomy": 3,
            "trace_steps": 4,
            "faster_cheaper": 5,
            "on_call": 4,
            "customer_week": 5,
            "live_demo": 5,
            "clear_spec": 1,
        },
    ),
    Persona(
        "MLOps engineer",
        "Runs training pipelines and model serving at a large company.",
        "Training rigour and data depth, plus a strong pull to reliability and cost.",
        "ml-engineer",
        ("ai-engineer",),
        {
            "own_model": 4,
            "training_runs": 5,
            "hosted_is_fine": 2,
            "significance": 4,
            "messy_data": 4,
            "skip_maths": 2,
            "change_from_usage": 2,
            "feel_over_servers": 1,
            "rough_first": 2,
            "steps_and_tools": 2,
            "autonomy": 2,
            "trace_steps": 4,
            "faster_cheaper": 5,
            "on_call": 5,
            "customer_week": 1,
            "live_demo": 1,
            "clear_spec": 5,
        },
    ),
    Persona(
        "Start-up product engineer",
        "Builds a chat-based product at a small start-up; does a bit of everything.",
        "Fast, user-led iteration on generative features; meets customers sometimes.",
        "genai-developer",
        ("forward-deployed-engineer", "ai-engineer"),
        {
            "own_model": 1,
            "training_runs": 2,
            "hosted_is_fine": 5,
            "significance": 3,
            "messy_data": 2,
            "skip_maths": 3,
            "change_from_usage": 5,
            "feel_over_servers": 4,
            "rough_first": 5,
            "steps_and_tools": 3,
            "autonomy": 3,
            "trace_steps": 3,
            "faster_cheaper": 3,
            "on_call": 3,
            "customer_week": 3,
            "live_demo": 3,
            "clear_spec": 2,
        },
    ),
    Persona(
        "Site reliability engineer drawn to agents",
        "Keeps production up; wants to build agents that act on their own.",
        "Agents and autonomy at the top, with production reliability just as strong: Agentic first, "
        "AI Engineer a near second.",
        "agentic-ai-engineer",
        ("ai-engineer",),
        {
            "own_model": 1,
            "training_runs": 2,
            "hosted_is_fine": 4,
            "significance": 2,
            "messy_data": 2,
            "skip_maths": 3,
            "change_from_usage": 2,
            "feel_over_servers": 1,
            "rough_first": 2,
            "steps_and_tools": 5,
            "autonomy": 4,
            "trace_steps": 5,
            "faster_cheaper": 5,
            "on_call": 5,
            "customer_week": 1,
            "live_demo": 2,
            "clear_spec": 4,
        },
    ),
    Persona(
        "Solutions engineer who demos agents",
        "Shows clients what agents can do and builds the pilots with them.",
        "Customers and demos come first; agents are the subject, not the job.",
        "forward-deployed-engineer",
        ("agentic-ai-engineer",),
        {
            "own_model": 1,
            "training_runs": 1,
            "hosted_is_fine": 5,
            "significance": 2,
            "messy_data": 2,
            "skip_maths": 4,
            "change_from_usage": 4,
            "feel_over_servers": 3,
            "rough_first": 4,
            "steps_and_tools": 5,
            "autonomy": 5,
            "trace_steps": 4,
            "faster_cheaper": 3,
            "on_call": 2,
            "customer_week": 5,
            "live_demo": 5,
            "clear_spec": 1,
        },
    ),
]


def answers_of(persona, content):
    """{item id: answer} for the sample questionnaire's statements, in order."""
    assert len(content["items"]) == len(STATEMENTS)
    return {item["id"]: persona.answers[key] for item, key in zip(content["items"], STATEMENTS, strict=True)}
