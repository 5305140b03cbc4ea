"""Sample certification content: plain data only, loaded by certifications/sample_content.py.

Facts come from the project content brief (collected November 2026). A fact the brief does not
confirm is left out, so the page says "Not published" instead of guessing. Where the brief names
only a website, the source links to its home page and says which facts it backs.
Wording is original to this site.
"""

import datetime

# When the brief's facts were collected; the sample pages show it as "last verified".
COLLECTED = datetime.date(2026, 11, 1)

PROVIDERS = [
    {"slug": "microsoft", "name": "Microsoft", "url": "https://www.microsoft.com/"},
    {"slug": "google-cloud", "name": "Google Cloud", "url": "https://cloud.google.com/"},
    {"slug": "aws", "name": "AWS", "url": "https://aws.amazon.com/"},
    {"slug": "databricks", "name": "Databricks", "url": "https://www.databricks.com/"},
    {"slug": "nvidia", "name": "NVIDIA", "url": "https://www.nvidia.com/"},
]

CERTIFICATIONS = [
    {
        "slug": "ai-103",
        "provider": "microsoft",
        "exam_code": "AI-103",
        "name": "Azure AI Apps and Agents Developer Associate",
        "exam_title": "Developing AI Apps and Agents on Azure",
        "level": "associate",
        "status": "beta",
        "status_note": "In beta since about April 2026. Price, exam length and the general-availability date are not confirmed yet.",
        "summary": (
            "Microsoft's new associate exam for developers who build generative AI apps and agents on Azure. "
            "It takes over from AI-102, which retired on 30 June 2026."
        ),
        "description": (
            "AI-103 is the exam to aim for if you build applications on Azure's AI services. Compared with "
            "AI-102 it moves weight towards generative AI and agents: that combined area is the largest "
            "part of the skills outline, at 30–35%.\n\n"
            "It is still in beta, so expect the skills outline and exam details to shift before general "
            "availability. Check the official page before you book."
        ),
        "domains_as_of": datetime.date(2026, 4, 16),
        "domains": [
            ("Plan and manage an Azure AI solution", 25, 30),
            ("Generative AI and agentic solutions", 30, 35),
            ("Computer vision", 10, 15),
            ("Text analysis", 10, 15),
            ("Information extraction", 10, 15),
        ],
        "sources": [
            {
                "label": "open-exam-prep.com",
                "url": "https://open-exam-prep.com/",
                "supports": "Beta status from about April 2026 and the skills outline dated 16 April 2026",
                "source_date": "April 2026",
            },
            {
                "label": "examinotion.com",
                "url": "https://examinotion.com/",
                "supports": "AI-103 as the successor of AI-102, with its exam and credential names",
                "source_date": "June 2026",
            },
        ],
    },
    {
        "slug": "ai-102",
        "provider": "microsoft",
        "exam_code": "AI-102",
        "name": "Azure AI Engineer Associate",
        "level": "associate",
        "status": "retired",
        "retirement_date": datetime.date(2026, 6, 30),
        "successor": "ai-103",
        "price": "165",
        "duration_minutes": 100,
        "passing_score": "700 out of 1000",
        "validity_months": 12,
        "renewal": "Every year, through a free online renewal assessment",
        "summary": (
            "Microsoft's former associate exam for engineers building AI solutions on Azure. "
            "It retired on 30 June 2026; AI-103 replaces it."
        ),
        "description": (
            "AI-102 was the standard certification for AI engineers building on Azure, but you can no "
            "longer sit it. The facts on this page describe the exam "
            "while it ran, so you can judge a credential someone already holds.\n\n"
            "Planning your own next step? Look at AI-103 instead: it covers the same ground with far "
            "more weight on generative AI and agents."
        ),
        "domains_as_of": datetime.date(2025, 12, 23),
        "domains": [
            ("Plan and manage an Azure AI solution", 20, 25),
            ("Generative AI", 15, 20),
            ("Agentic solutions", 5, 10),
            ("Computer vision", 10, 15),
            ("Natural language processing", 15, 20),
            ("Knowledge mining and information extraction", 15, 20),
        ],
        "sources": [
            {
                "label": "examinotion.com",
                "url": "https://examinotion.com/",
                "supports": "Retirement on 30 June 2026 and AI-103 as the successor",
                "source_date": "June 2026",
            },
            {
                "label": "open-exam-prep.com",
                "url": "https://open-exam-prep.com/",
                "supports": "Price, exam length, passing score, yearly renewal and the skills outline dated 23 December 2025",
                "source_date": "23 April 2026",
            },
        ],
    },
    {
        "slug": "google-cloud-professional-ml-engineer",
        "provider": "google-cloud",
        "name": "Professional Machine Learning Engineer",
        "level": "professional",
        "status": "active",
        "price": "200",
        "price_note": "plus tax",
        "duration_minutes": 120,
        "questions": (50, 60),
        "question_note": "multiple choice and multiple select",
        "validity_months": 24,
        "renewal": "Recertification opens 60 days before the certification expires",
        "recommended_experience": "3+ years in industry, including at least 1 year on Google Cloud",
        "official_url": "https://support.google.com/cloud-certification/answer/9438208",
        "domains_note": (
            "A new English exam guide took effect on 1 June 2026. Its domain weights are not confirmed yet, "
            "so none are shown here."
        ),
        "summary": (
            "Google Cloud's professional-level certification for machine learning engineers, aimed at people "
            "with several years of hands-on experience."
        ),
        "description": (
            "A professional-level exam with a high bar: Google recommends three or more years in industry, "
            "at least one of them on Google Cloud. That makes it a target for someone already working close "
            "to models, not a first step into AI.\n\n"
            "Google switched to a new English exam guide on 1 June 2026. Read the current guide before you "
            "plan your revision."
        ),
        "sources": [
            {
                "label": "Google Cloud certification help (support.google.com)",
                "url": "https://support.google.com/cloud-certification/answer/9438208",
                "supports": "Two-year validity and the recertification window that opens 60 days before expiry",
                "is_official": True,
            },
            {
                "label": "Google Cloud exam page (copy read by our editors)",
                "url": "https://cloud.google.com/",
                "supports": (
                    "Exam length, price, question count and format, recommended experience, and the new "
                    "exam guide from 1 June 2026"
                ),
                "is_official": True,
            },
        ],
    },
    {
        "slug": "google-cloud-generative-ai-leader",
        "provider": "google-cloud",
        "name": "Generative AI Leader",
        "level": "leader",
        "status": "active",
        "price": "99",
        "duration_minutes": 90,
        "questions": (50, 60),
        "languages": "English",
        "validity_months": 36,
        "recommended_experience": "None required",
        "domains_note": "The weights are approximate.",
        "summary": (
            "Google Cloud's exam on generative AI concepts, Google Cloud's generative AI products and the "
            "business case for using them. No prerequisites."
        ),
        "description": (
            "Generative AI Leader checks that you can discuss generative AI with confidence: the fundamentals, "
            "Google Cloud's offerings, techniques for getting better output from a model, and business "
            "strategy.\n\n"
            "It shows understanding rather than building skill, so pair it with a project you shipped."
        ),
        "domains": [
            ("Fundamentals of generative AI", 30, 30),
            ("Google Cloud's generative AI offerings", 35, 35),
            ("Techniques to improve model output", 20, 20),
            ("Business strategy", 15, 15),
        ],
        "sources": [
            {
                "label": "howtoai.com",
                "url": "https://howtoai.com/",
                "supports": "Exam length, price, question count, language, no prerequisites and the domain weights",
            },
            {
                "label": "rishabkumar.com notes",
                "url": "https://rishabkumar.com/",
                "supports": "Three-year validity (only third-party sources give it)",
            },
        ],
    },
    {
        "slug": "aws-machine-learning-engineer-associate",
        "provider": "aws",
        "exam_code": "MLA-C01",
        "name": "AWS Certified Machine Learning Engineer – Associate",
        "level": "associate",
        "status": "active",
        "price": "150",
        "duration_minutes": 130,
        "questions": (65, 65),
        "question_note": "50 scored",
        "passing_score": "720 (scaled score)",
        "validity_months": 36,
        "summary": (
            "AWS's associate exam for engineers who prepare data, train models and run them in production on AWS."
        ),
        "description": (
            "MLA-C01 covers the whole model lifecycle on AWS in four nearly equal parts: getting data ready, "
            "developing models, deploying and orchestrating them, and keeping them monitored and secure. "
            "It is a practical exam for people who already run ML workloads on AWS, or want to."
        ),
        "domains": [
            ("Data preparation", 28, 28),
            ("Model development", 26, 26),
            ("Deployment and orchestration", 22, 22),
            ("Monitoring, maintenance and security", 24, 24),
        ],
        "sources": [
            {
                "label": "AWS exam guide (docs.aws.amazon.com)",
                "url": "https://docs.aws.amazon.com/",
                "supports": "Question count, exam length, price, passing score, domain weights and validity",
                "is_official": True,
            },
        ],
    },
    {
        "slug": "aws-ai-practitioner",
        "provider": "aws",
        "exam_code": "AIF-C01",
        "name": "AWS Certified AI Practitioner",
        "level": "fundamentals",
        "status": "active",
        "price": "100",
        "duration_minutes": 90,
        "questions": (65, 65),
        "question_note": "50 scored",
        "passing_score": "700",
        "validity_months": 36,
        "summary": (
            "AWS's entry-level exam on AI, machine learning and generative AI concepts, and how to use them "
            "responsibly on AWS."
        ),
        "description": (
            "AIF-C01 is about understanding, not building. It asks how foundation models are applied, "
            "what responsible AI means in practice, and how security, compliance and governance apply to "
            "AI systems. It is a good shared vocabulary for anyone who discusses AI projects with clients "
            "or stakeholders."
        ),
        "domains": [
            ("AI and ML fundamentals", 20, 20),
            ("Generative AI fundamentals", 24, 24),
            ("Applications of foundation models", 28, 28),
            ("Responsible AI", 14, 14),
            ("Security, compliance and governance", 14, 14),
        ],
        "sources": [
            {
                "label": "AWS recertification policy (aws.amazon.com)",
                "url": "https://aws.amazon.com/",
                "supports": "Three-year validity",
                "is_official": True,
            },
            {
                "label": "Third-party exam notes",
                "url": "",
                "supports": (
                    "Question count, exam length, price, passing score and domain weights; "
                    "our research notes do not name the site"
                ),
            },
        ],
    },
    {
        "slug": "databricks-generative-ai-engineer-associate",
        "provider": "databricks",
        "name": "Databricks Certified Generative AI Engineer Associate",
        "level": "associate",
        "status": "active",
        "price": "200",
        "duration_minutes": 90,
        "questions": (45, 45),
        "question_note": "scored",
        "passing_score": "70%",
        "validity_months": 24,
        "domains_as_of": datetime.date(2026, 3, 18),
        "summary": (
            "Databricks's associate exam for engineers who design, build, deploy and evaluate LLM "
            "applications on the Databricks platform."
        ),
        "description": (
            "This is a hands-on builder's exam. The biggest share goes to application development, "
            "followed by assembling and deploying applications, and it also covers data preparation for "
            "retrieval, evaluation, monitoring and governance. That mix matches the day-to-day work of "
            "shipping generative AI features."
        ),
        "domains": [
            ("Design", 14, 14),
            ("Data preparation", 14, 14),
            ("Application development", 30, 30),
            ("Assembling and deploying", 22, 22),
            ("Governance", 8, 8),
            ("Evaluation and monitoring", 12, 12),
        ],
        "sources": [
            {
                "label": "open-exam-prep.com",
                "url": "https://open-exam-prep.com/",
                "supports": (
                    "Question count, exam length, passing score, price, validity and the domain weights "
                    "of the blueprint updated on 18 March 2026"
                ),
                "source_date": "July 2026",
            },
        ],
    },
    {
        "slug": "nvidia-nca-genl",
        "provider": "nvidia",
        "exam_code": "NCA-GENL",
        "name": "NVIDIA-Certified Associate: Generative AI LLMs",
        "level": "associate",
        "status": "active",
        "price": "125",
        "duration_minutes": 60,
        "questions": (50, 60),
        "validity_months": 24,
        "domains_note": "Sources disagree on the domain weights, so none are shown until they can be confirmed.",
        "summary": "NVIDIA's associate exam on the foundations of large language models and generative AI.",
        "description": (
            "NCA-GENL is a one-hour associate exam centred on generative AI and large language models. It "
            "is not tied to one cloud, which makes it a reasonable choice for developers who want to show "
            "they understand the models they build on.\n\n"
            "Sources disagree on how the exam weights its topics, so check NVIDIA's current outline before "
            "you prepare."
        ),
        "sources": [
            {
                "label": "examworthy.com",
                "url": "https://examworthy.com/",
                "supports": "Exam length, question count, price, validity, and the disagreement over domain weights",
                "source_date": "May 2026",
            },
        ],
    },
]

# role slug -> [(certification slug, kind, rationale)], in display order within each kind.
ROLE_FITS = {
    "ai-engineer": [
        (
            "ai-103",
            "primary",
            "Microsoft retired AI-102, long the standard pick for this role, on 30 June 2026, and AI-103 is "
            "its successor. It tests what an AI engineer does all week on Azure: planning a solution, "
            "building generative AI and agent features, and adding vision, text analysis and information "
            "extraction. It is in beta, so confirm the details before you book.",
        ),
        (
            "aws-ai-practitioner",
            "context",
            "If your team runs on AWS, this short exam gives you the vocabulary for foundation models, "
            "responsible AI and governance. It proves understanding rather than building skill.",
        ),
    ],
    "ml-engineer": [
        (
            "google-cloud-professional-ml-engineer",
            "primary",
            "It is written for machine learning engineers, so it sits much closer to the modelling and "
            "ML-lifecycle work of this role than a general AI fundamentals exam does. Its experience "
            "recommendation (three years or more) also makes it a credible signal of seniority.",
        ),
        (
            "aws-machine-learning-engineer-associate",
            "alternative",
            "The same model lifecycle, tested on AWS: data preparation, model development, deployment and "
            "monitoring in near-equal parts. Choose it over the Google exam if your employer runs on AWS.",
        ),
    ],
    "genai-developer": [
        (
            "databricks-generative-ai-engineer-associate",
            "primary",
            "A builder's exam: application development and deployment make up over half of it, with "
            "retrieval data preparation and evaluation alongside. That is the core of a GenAI developer's "
            "work, even if you do not use Databricks every day.",
        ),
        (
            "nvidia-nca-genl",
            "alternative",
            "A short associate exam centred on generative AI and LLMs, not tied to one cloud: a second "
            "option if your work spans several platforms.",
        ),
        (
            "google-cloud-generative-ai-leader",
            "context",
            "Good background on generative AI concepts, ways to improve model output and the business "
            "case, with no coding. Treat it as context and pair it with a hands-on project you shipped.",
        ),
    ],
    "agentic-ai-engineer": [
        (
            "ai-103",
            "primary",
            "Generative AI and agentic solutions together are the largest part of AI-103, at 30–35% of "
            "the skills outline. No other exam in this catalogue puts as much weight on building agents.",
        ),
        (
            "databricks-generative-ai-engineer-associate",
            "alternative",
            "Covers building, deploying and evaluating LLM applications end to end; evaluation and "
            "governance matter even more once an agent acts on its own.",
        ),
    ],
    "forward-deployed-engineer": [
        (
            "aws-ai-practitioner",
            "primary",
            "A forward deployed engineer spends much of the week explaining options to customers. This "
            "exam covers how foundation models are applied, responsible AI, and security and governance: "
            "the questions clients ask first. It is quick to prepare, leaving time for delivery work.",
        ),
        (
            "ai-103",
            "alternative",
            "When you want proof that you can also build what you scope, AI-103 tests hands-on generative "
            "AI and agent work on Azure.",
        ),
        (
            "google-cloud-generative-ai-leader",
            "context",
            "Its business-strategy domain helps when you are framing a generative AI project with a "
            "customer's leadership.",
        ),
    ],
}
