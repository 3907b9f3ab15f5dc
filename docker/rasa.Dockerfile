# Rasa server and action server image: the official Rasa 3.6.21 image plus this project's NLU component,
# actions and the shared calc/knowledge libraries (same pins as .venv-rasa).
FROM rasa/rasa:3.6.21-full
USER root
WORKDIR /app
COPY requirements/rasa.lock requirements/rasa.txt /app/requirements/
COPY pyproject.toml /app/
COPY calc /app/calc
COPY knowledge /app/knowledge
COPY contracts /app/contracts
COPY textdata /app/textdata
RUN pip install --no-cache-dir -c requirements/rasa.lock jieba==0.42.1 spacy==3.4.4 jsonschema==3.2.0 -e .
COPY nlu /app/nlu
COPY actions /app/actions
COPY rasa_project/endpoints.production.yml rasa_project/credentials.yml /app/rasa_project/
# the trained model is built by `make train` and mounted or copied into /app/models
USER 1001
