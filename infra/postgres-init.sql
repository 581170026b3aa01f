CREATE DATABASE swarmgate_registry;
