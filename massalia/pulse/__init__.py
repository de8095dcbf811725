"""The pulse of the city: what people say, by topic, place and sentiment, and what is rising."""
