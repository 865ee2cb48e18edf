"""The example files of the outside interfaces (routine files, section 1), as written there."""

CALF_CRAMP = """\
# calf-cramp.yaml: one routine per file; the file's stem is its id unless `id:` says otherwise
title: Calf cramp relief
category: relief            # relief | daily | workout | bedtime
summary: On-the-spot stretches to ease a calf cramp.
source: [000_45d483706c32bb94.txt, 003_7fcd0b634c8effcc.txt, 004_2367df73cee2d511.txt]
escalate_after: 10m         # relief only: past this, tell the user to seek medical help
prepare: 5s                 # get-ready countdown before the first step
steps:
  - exercise: calf-lunge
    hold: 30s               # seconds: 30, 30s, 1m, 1m30s, 2 min all mean what they say
    reps: 5
    rest: 10s
  - exercise: toe-pull
    hold: 30s
  - exercise: heel-walk
    duration: 2m            # one continuous timed activity
  - exercise: massage
    manual: true            # untimed: the user says when it is done
"""

WALL_LEAN = """\
# wall-lean-daily.yaml
title: Daily wall lean
category: daily
schedule: [09:00, 14:00, 21:00]   # suggested reminder times: three times a day
steps:
  - exercise: wall-lean
    hold: 5s
    rest: 5s
    repeat_for: 5m          # as many reps as fit in five minutes
"""

AFTER_WORKOUT = """\
# after-workout.yaml
title: After-workout stretches
category: workout
steps:
  - exercise: hamstring-fold
    breaths: 1              # one slow breath a rep: straighten on the exhale
    reps: 5
    sides: both             # all reps on one side, then all on the other
  - exercise: downward-dog
    breaths: 5
    sides: alternate        # left, right, left, right, ...
    reps: 3                 # three rounds of both legs
  - exercise: kneeling-quad
    breaths: 10
    sides: both
"""

EXERCISES_EXAMPLE = """\
calf-lunge:
  name: Calf lunge
  muscles: [calf]
  image: calf-lunge.svg     # a file under assets/exercises/, never a path outside it
  instructions: >
    Stand in a lunge with the affected leg behind you. Keep that knee
    straight and push the heel towards the floor.
  cues:                     # optional; sensible defaults otherwise
    start: "Calf lunge. Push your {side} heel to the floor."
    end: "Release."
"""
