"""All use cases, built once by the composition root and handed to handlers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.services.accounts import AccountService
from bot.services.comeback import ComebackService
from bot.services.deliveries import DeliveryService
from bot.services.goals import GoalService
from bot.services.habits import HabitService
from bot.services.planning import PlanningService
from bot.services.scheduling import SchedulerService
from storage.base import Repository


@dataclass(frozen=True, slots=True)
class Services:
    """The use cases the Telegram handlers may call."""

    clock: Clock
    accounts: AccountService
    goals: GoalService
    planning: PlanningService
    habits: HabitService
    comeback: ComebackService
    scheduler: SchedulerService
    deliveries: DeliveryService

    @classmethod
    def build(cls, repository: Repository, clock: Clock) -> Services:
        """Wire every service to one repository and one clock."""
        habits = HabitService(repository, clock)
        comeback = ComebackService(repository, clock, habits)
        scheduler = SchedulerService(repository, clock)
        return cls(
            clock=clock,
            accounts=AccountService(repository, clock, scheduler),
            goals=GoalService(repository, clock),
            planning=PlanningService(repository, clock),
            habits=habits,
            comeback=comeback,
            scheduler=scheduler,
            deliveries=DeliveryService(repository, clock, habits, comeback),
        )
