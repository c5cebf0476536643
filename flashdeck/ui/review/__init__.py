"""The Review screen: the card, grades and the spoken-answer timer (``screen``, ``parts``, ``timer``), the day's end."""
