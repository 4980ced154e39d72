"""All use cases, built once by the composition root and handed to handlers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.services.accounts import AccountService, LastSeen
from bot.services.comeback import ComebackService
from bot.services.deliveries import DeliveryService
from bot.services.goals import GoalService
from bot.services.habits import HabitService
from bot.services.health import HealthService
from bot.services.holidays import HolidayService
from bot.services.milestones import MilestoneService
from bot.services.partner_deliveries import PartnerDeliveries
from bot.services.partner_news import PartnerNews
from bot.services.partners import PartnerService
from bot.services.planning import PlanningService
from bot.services.questions import Questions
from bot.services.replan import ReplanService
from bot.services.scheduling import SchedulerService
from bot.services.steps import StepService
from storage.base import Repository


@dataclass(frozen=True, slots=True)
class Options:
    """The settings the use cases need (read once from the environment by the shell)."""

    default_timezone: str = "UTC"
    comeback_step_days: int = 7
    admin_user_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Services:
    """The use cases the Telegram handlers may call."""

    clock: Clock
    options: Options
    accounts: AccountService
    goals: GoalService
    milestones: MilestoneService
    steps: StepService
    planning: PlanningService
    habits: HabitService
    holidays: HolidayService
    comeback: ComebackService
    replan: ReplanService
    scheduler: SchedulerService
    deliveries: DeliveryService
    health: HealthService
    partners: PartnerService
    questions: Questions

    @classmethod
    def build(
        cls, repository: Repository, clock: Clock, options: Options | None = None
    ) -> Services:
        """Wire every service to one repository and one clock."""
        options = options or Options()
        news = PartnerNews(repository, clock, options.default_timezone)
        steps = options.comeback_step_days
        habits = HabitService(repository, clock, step_days=steps, partners=news)
        comeback = ComebackService(repository, clock, habits, partners=news)
        scheduler = SchedulerService(repository, clock)
        last_seen = LastSeen()
        partner_messages = PartnerDeliveries(
            repository, clock, habits, step_days=steps, default_zone=options.default_timezone
        )
        return cls(
            clock=clock,
            options=options,
            accounts=AccountService(repository, clock, scheduler, last_seen, partners=news),
            goals=GoalService(repository, clock),
            milestones=MilestoneService(repository, clock, partners=news),
            steps=StepService(repository, clock),
            planning=PlanningService(repository, clock),
            habits=habits,
            holidays=HolidayService(repository, clock),
            comeback=comeback,
            replan=ReplanService(repository, clock, habits),
            scheduler=scheduler,
            deliveries=DeliveryService(
                repository,
                clock,
                habits,
                comeback,
                last_seen,
                partners=partner_messages,
                partner_news=news,
            ),
            health=HealthService(repository, clock),
            partners=PartnerService(repository, clock, news),
            questions=Questions(repository, clock),
        )
