import BoilercleanEngine
print("x")
