"""Small Wins: a Telegram coach for big goals reached through tiny daily actions."""
