model""{n="""
"""}