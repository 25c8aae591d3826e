from django.apps import AppConfig


class PeerChallengesConfig(AppConfig):
    name = "peer_challenges"
    verbose_name = "Children's services peer challenges"
