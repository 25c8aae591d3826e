from django.core.management.base import BaseCommand

from councils import services


class Command(BaseCommand):
    help = "Load the 9 English regions and every English council with children's services duties."

    def handle(self, *args: object, **options: object) -> None:
        result = services.load_councils()
        self.stdout.write(self.style.SUCCESS(f"Councils loaded: {result}."))
