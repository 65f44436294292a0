"""python -m jixiao: the `jixiao` command (launch.py)."""

from jixiao.launch import main

main()
