"""Ten people with clear preferences, written for the calibration tests.

Each persona: a short description, the answers such a person gives to the sample
statements (1 strongly disagree ... 5 strongly agree, keyed by a short name per statement
in the order of roles/fit/content/questionnaire.toml), why, the role expected first and the
roles acceptable second.
"""

from dataclasses import dataclass

# The sample statements in order, by a short name.
STATEMENTS = [
    "luck_or_better",  # whether one result is truly better or just luck (model)
    "connect_model",  # connecting a ready-made model to an application (build)
    "change_from_use",  # changing something within days because of how people used it (product)
    "split_steps",  # deciding how a program splits a task into steps (agents)
    "faster_cheaper",  # making a service faster and cheaper (platform)
    "what_they_need",  # working out what someone really needs (customer)
    "black_box",  # happy to treat a model as a black box (model, reversed)
    "test_questions",  # a set of test questions that shows when answers get worse (build)
    "first_use",  # watching someone use what I built for the first time (product)
    "same_steps",  # programs that take the same steps every time (agents, reversed)
    "slow_system",  # tracking down why a busy system slowed down (platform)
    "written_brief",  # rather a clear written brief than asking people (customer, reversed)
    "messy_dataset",  # a week on a messy dataset until I trust it (model)
    "improve_model",  # rather improve a model than build a product around it (build, reversed)
    "out_of_sight",  # work out of sight of the people who use the product (product, reversed)
    "own_next_action",  # software choosing its own next action (agents)
    "night_calls",  # rather someone else were called at night (platform, reversed, weight 1)
    "prototype_demo",  # showing a prototype to a room of clients (customer)
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
            "luck_or_better": 5,
            "connect_model": 2,
            "change_from_use": 2,
            "split_steps": 2,
            "faster_cheaper": 4,
            "what_they_need": 2,
            "black_box": 1,
            "test_questions": 3,
            "first_use": 2,
            "same_steps": 3,
            "slow_system": 3,
            "written_brief": 4,
            "messy_dataset": 5,
            "improve_model": 5,
            "out_of_sight": 4,
            "own_next_action": 2,
            "night_calls": 3,
            "prototype_demo": 1,
        },
    ),
    Persona(
        "Back-end engineer",
        "Runs payment services; wants to put language models into production systems.",
        "Wires services together and cares about latency and cost; happy to use hosted models; "
        "some interest in agents.",
        "ai-engineer",
        ("agentic-ai-engineer",),
        {
            "luck_or_better": 2,
            "connect_model": 5,
            "change_from_use": 3,
            "split_steps": 3,
            "faster_cheaper": 5,
            "what_they_need": 2,
            "black_box": 4,
            "test_questions": 4,
            "first_use": 3,
            "same_steps": 3,
            "slow_system": 5,
            "written_brief": 4,
            "messy_dataset": 2,
            "improve_model": 1,
            "out_of_sight": 3,
            "own_next_action": 3,
            "night_calls": 2,
            "prototype_demo": 2,
        },
    ),
    Persona(
        "Front-end developer",
        "Builds web apps; wants to make generative features people enjoy using.",
        "Lives for user feedback and quick releases; would rather not train models or be on call.",
        "genai-developer",
        ("forward-deployed-engineer", "ai-engineer"),
        {
            "luck_or_better": 2,
            "connect_model": 4,
            "change_from_use": 5,
            "split_steps": 3,
            "faster_cheaper": 2,
            "what_they_need": 3,
            "black_box": 5,
            "test_questions": 3,
            "first_use": 5,
            "same_steps": 3,
            "slow_system": 1,
            "written_brief": 3,
            "messy_dataset": 1,
            "improve_model": 1,
            "out_of_sight": 1,
            "own_next_action": 3,
            "night_calls": 5,
            "prototype_demo": 3,
        },
    ),
    Persona(
        "Automation engineer",
        "Writes workflow automation; fascinated by systems that plan and use tools.",
        "Designing plans, tool use and autonomy is the draw; comfortable running what they build.",
        "agentic-ai-engineer",
        ("ai-engineer",),
        {
            "luck_or_better": 2,
            "connect_model": 4,
            "change_from_use": 3,
            "split_steps": 5,
            "faster_cheaper": 4,
            "what_they_need": 2,
            "black_box": 4,
            "test_questions": 3,
            "first_use": 3,
            "same_steps": 1,
            "slow_system": 4,
            "written_brief": 4,
            "messy_dataset": 2,
            "improve_model": 2,
            "out_of_sight": 3,
            "own_next_action": 5,
            "night_calls": 3,
            "prototype_demo": 2,
        },
    ),
    Persona(
        "Consultant developer",
        "Builds bespoke software for clients and enjoys the client side most.",
        "Customers, demos and working out what is needed; no wish to train models.",
        "forward-deployed-engineer",
        ("genai-developer",),
        {
            "luck_or_better": 2,
            "connect_model": 4,
            "change_from_use": 4,
            "split_steps": 3,
            "faster_cheaper": 3,
            "what_they_need": 5,
            "black_box": 5,
            "test_questions": 3,
            "first_use": 4,
            "same_steps": 3,
            "slow_system": 2,
            "written_brief": 1,
            "messy_dataset": 2,
            "improve_model": 1,
            "out_of_sight": 2,
            "own_next_action": 3,
            "night_calls": 4,
            "prototype_demo": 5,
        },
    ),
    Persona(
        "Customers plus AI engineering",
        "An AI engineer who wants to spend the week with customers: the Forward Deployed Engineer mix.",
        "Customer answers at the top of the scale plus AI-engineering answers (integration, cost, tracing): "
        "an FDE first, AI Engineer second.",
        "forward-deployed-engineer",
        ("ai-engineer",),
        {
            "luck_or_better": 2,
            "connect_model": 5,
            "change_from_use": 3,
            "split_steps": 4,
            "faster_cheaper": 5,
            "what_they_need": 5,
            "black_box": 4,
            "test_questions": 4,
            "first_use": 3,
            "same_steps": 3,
            "slow_system": 4,
            "written_brief": 1,
            "messy_dataset": 2,
            "improve_model": 1,
            "out_of_sight": 3,
            "own_next_action": 3,
            "night_calls": 2,
            "prototype_demo": 5,
        },
    ),
    Persona(
        "MLOps engineer",
        "Runs training pipelines and model serving at a large company.",
        "Training rigour and data depth, plus a strong pull to reliability and cost.",
        "ml-engineer",
        ("ai-engineer", "agentic-ai-engineer"),
        {
            "luck_or_better": 4,
            "connect_model": 3,
            "change_from_use": 2,
            "split_steps": 2,
            "faster_cheaper": 5,
            "what_they_need": 1,
            "black_box": 2,
            "test_questions": 4,
            "first_use": 2,
            "same_steps": 4,
            "slow_system": 5,
            "written_brief": 5,
            "messy_dataset": 4,
            "improve_model": 4,
            "out_of_sight": 4,
            "own_next_action": 2,
            "night_calls": 1,
            "prototype_demo": 1,
        },
    ),
    Persona(
        "Start-up product engineer",
        "Builds a chat-based product at a small start-up; does a bit of everything.",
        "Fast, user-led iteration on generative features; meets customers sometimes.",
        "genai-developer",
        ("forward-deployed-engineer", "ai-engineer"),
        {
            "luck_or_better": 3,
            "connect_model": 4,
            "change_from_use": 5,
            "split_steps": 3,
            "faster_cheaper": 3,
            "what_they_need": 4,
            "black_box": 5,
            "test_questions": 3,
            "first_use": 5,
            "same_steps": 3,
            "slow_system": 3,
            "written_brief": 2,
            "messy_dataset": 2,
            "improve_model": 1,
            "out_of_sight": 1,
            "own_next_action": 3,
            "night_calls": 3,
            "prototype_demo": 3,
        },
    ),
    Persona(
        "Site reliability engineer drawn to agents",
        "Keeps production up; wants to build agents that act on their own.",
        "Agents and autonomy at the top, with production reliability just as strong: Agentic first, "
        "AI Engineer a near second.",
        "agentic-ai-engineer",
        ("ai-engineer", "ml-engineer"),
        {
            "luck_or_better": 2,
            "connect_model": 4,
            "change_from_use": 2,
            "split_steps": 5,
            "faster_cheaper": 5,
            "what_they_need": 1,
            "black_box": 4,
            "test_questions": 3,
            "first_use": 2,
            "same_steps": 2,
            "slow_system": 5,
            "written_brief": 4,
            "messy_dataset": 2,
            "improve_model": 2,
            "out_of_sight": 4,
            "own_next_action": 5,
            "night_calls": 1,
            "prototype_demo": 2,
        },
    ),
    Persona(
        "Solutions engineer who demos agents",
        "Shows clients what agents can do and builds the pilots with them.",
        "Customers and demos come first; agents are the subject, not the job.",
        "forward-deployed-engineer",
        ("agentic-ai-engineer", "genai-developer"),
        {
            "luck_or_better": 2,
            "connect_model": 4,
            "change_from_use": 4,
            "split_steps": 5,
            "faster_cheaper": 3,
            "what_they_need": 5,
            "black_box": 5,
            "test_questions": 3,
            "first_use": 4,
            "same_steps": 1,
            "slow_system": 2,
            "written_brief": 1,
            "messy_dataset": 1,
            "improve_model": 1,
            "out_of_sight": 2,
            "own_next_action": 5,
            "night_calls": 4,
            "prototype_demo": 5,
        },
    ),
]


def answers_of(persona, content):
    """{item id: answer} for the sample questionnaire's statements, in order."""
    assert len(content["items"]) == len(STATEMENTS)
    return {item["id"]: persona.answers[key] for item, key in zip(content["items"], STATEMENTS, strict=True)}
